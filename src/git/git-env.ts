/**
 * The environment every git process gets: the caller's, minus variables that would point git at
 * another repository or inject configuration, plus settings that make git fail instead of prompting.
 */

/** Inherited variables dropped before running git (exact names). */
const DROPPED = new Set([
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_COMMON_DIR',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_ALLOW_PROTOCOL', // would override protocol.allow
  'GIT_PROTOCOL_FROM_USER',
  'GIT_SHALLOW_FILE',
  'GIT_GRAFT_FILE',
  'GIT_REPLACE_REF_BASE',
  'GIT_QUARANTINE_PATH',
  'GIT_INTERNAL_SUPER_PREFIX',
  'GIT_CEILING_DIRECTORIES',
  'LANGUAGE',
]);

/** Inherited variables dropped by prefix: tracing (can write files, pollutes stderr) and stdio redirection. */
const DROPPED_PREFIXES = ['GIT_TRACE', 'GIT_REDIRECT_'];

/**
 * Builds the environment of a git process from the caller's. `GIT_CONFIG_COUNT`/`KEY_n`/`VALUE_n`
 * are kept (CI systems pass credentials that way) — explicit `-c` options still override them.
 */
export function gitEnv(base: NodeJS.ProcessEnv): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value === undefined) continue;
    const upper = name.toUpperCase();
    if (DROPPED.has(upper) || DROPPED_PREFIXES.some((prefix) => upper.startsWith(prefix))) continue;
    env[name] = value;
  }
  env.GIT_TERMINAL_PROMPT = '0'; // never ask for a user name or password on the terminal
  env.GCM_INTERACTIVE = 'never'; // Git Credential Manager: no dialogs or browser windows
  env.GIT_NO_REPLACE_OBJECTS = '1'; // resolve what Qovery will clone, not local `git replace` rewrites
  env.GIT_OPTIONAL_LOCKS = '0';
  env.LC_ALL = 'C'; // English messages, which we read to classify failures
  if (base.GIT_SSH_COMMAND === undefined && base.GIT_SSH === undefined) {
    env.GIT_SSH_COMMAND = 'ssh -o BatchMode=yes -o ConnectTimeout=15';
  }
  return env;
}
