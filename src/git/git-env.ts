/**
 * The environment every git process gets: an allow-list of the caller's variables (what git needs
 * to find itself, its own user-level config, the network and SSH keys), plus settings that make git
 * fail instead of prompting. Everything else is left out — `QOVERY_*`, `GITHUB_TOKEN`, `ACTIONS_*`,
 * any `*_TOKEN`/`*_KEY`/`*_SECRET` — so no program git starts (a credential helper, ssh) can read
 * them, and nothing can point git at another repository (`GIT_DIR`…) or inject config through
 * `GIT_CONFIG_PARAMETERS`.
 */

/** Variables passed through as they are (compared in upper case: Windows names are case-insensitive). */
const INHERITED = new Set([
  // Finding programs and the user's own (trusted) config: ~/.gitconfig, $XDG_CONFIG_HOME/git/config.
  'PATH',
  'HOME',
  'USER',
  'LOGNAME',
  'XDG_CONFIG_HOME',
  'TMPDIR',
  'LANG',
  'GIT_EXEC_PATH',
  'GIT_CONFIG_GLOBAL', // CI systems point git at a per-job global config (GitLab does)
  'GIT_CONFIG_SYSTEM',
  'GIT_CONFIG_NOSYSTEM',
  'GIT_CONFIG_COUNT', // with GIT_CONFIG_KEY_n / GIT_CONFIG_VALUE_n: config the caller gives git on purpose
  // Remote access: the caller's SSH agent and SSH command, proxies and certificate bundles.
  'SSH_AUTH_SOCK',
  'GIT_SSH_COMMAND',
  'GIT_SSH_VARIANT',
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
  'CURL_CA_BUNDLE',
  // What git and ssh need on Windows.
  'SYSTEMROOT',
  'WINDIR',
  'COMSPEC',
  'PATHEXT',
  'TEMP',
  'TMP',
  'USERPROFILE',
  'APPDATA',
  'LOCALAPPDATA',
  'HOMEDRIVE',
  'HOMEPATH',
  'PROGRAMDATA',
]);

const CONFIG_PAIR = /^GIT_CONFIG_(?:KEY|VALUE)_\d+$/;

/** The ssh command when the caller chose none: never prompt, give up on a dead host. */
const DEFAULT_SSH = 'ssh -o BatchMode=yes -o ConnectTimeout=15';

/**
 * Builds the environment of a git process from the caller's. `GIT_SSH_COMMAND` is always set
 * (from the caller's `GIT_SSH_COMMAND`, else its `GIT_SSH`, else BatchMode ssh): git prefers that
 * variable to any `core.sshCommand`, while a plain `GIT_SSH` loses to one.
 */
export function gitEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (INHERITED.has(upper) || CONFIG_PAIR.test(upper)) env[name] = value;
  }
  const gitSsh = base.GIT_SSH;
  if (base.GIT_SSH_COMMAND === undefined) env.GIT_SSH_COMMAND = gitSsh ? shellQuote(gitSsh) : DEFAULT_SSH;
  env.GIT_TERMINAL_PROMPT = '0'; // never ask for a user name or password on the terminal
  env.GCM_INTERACTIVE = 'never'; // Git Credential Manager: no dialogs or browser windows
  env.GIT_NO_REPLACE_OBJECTS = '1'; // resolve what Qovery will clone, not local `git replace` rewrites
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C'; // English messages, which we read to classify failures
  return env;
}

/**
 * Adds config entries for one git process through `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`, after
 * the caller's own: in the environment, unlike `-c`, values (credentials) never show in `ps`.
 */
export function withConfig(env: Record<string, string>, entries: readonly { key: string; value: string }[]): Record<string, string> {
  if (entries.length === 0) return env;
  const out = { ...env };
  const first = Number.parseInt(env.GIT_CONFIG_COUNT ?? '0', 10);
  const start = Number.isInteger(first) && first > 0 ? first : 0;
  entries.forEach(({ key, value }, i) => {
    out[`GIT_CONFIG_KEY_${start + i}`] = key;
    out[`GIT_CONFIG_VALUE_${start + i}`] = value;
  });
  out.GIT_CONFIG_COUNT = String(start + entries.length);
  return out;
}

/** Quotes a program path for the shell git runs `GIT_SSH_COMMAND` with. */
function shellQuote(path: string): string {
  return `'${path.replace(/'/g, `'\\''`)}'`;
}
