import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/load/parse.js';
import { validateManifest } from '../../src/validate/validate-manifest.js';
import { repositoryProblem } from '../../src/workflows/validate-files.js';
import { runCli } from '../helpers/cli.js';
import { HEADER, tempDir } from '../helpers/temp.js';

function check(text: string, env: Record<string, string> = {}) {
  return validateManifest(parseManifest(text, 'm.yaml'), { env, repositoryProblem });
}
const container = (tag: string) => `${HEADER}containers:\n  - name: web\n    image_tag: ${tag}\n`;

/** A value that marks a leak: it must never appear in a diagnostic. */
const MARK = 's3cr3t-value-7f1c';

describe('credential variables are refused by name (issue 10 item 5): a table', () => {
  // Name → the word the refusal gives (undefined: allowed).
  const table: [string, string | undefined][] = [
    ['IMAGE_TAG', undefined],
    ['GITHUB_SHA', undefined],
    ['CI_COMMIT_SHA', undefined],
    ['KEYCLOAK_VERSION', undefined], // KEY only as a word, or at the end of one
    ['GIT_AUTHOR_NAME', undefined], // AUTHOR is not AUTH
    ['PATCH_VERSION', undefined], // PAT only as a word
    ['PATH', undefined],
    ['DATABASE_URL', undefined], // a URL is judged by its value (below)
    ['RELEASE', undefined],
    ['QOVERY_API_TOKEN', 'TOKEN'],
    ['GITHUB_TOKEN', 'TOKEN'],
    ['githubToken', 'TOKEN'],
    ['AWS_SECRET_ACCESS_KEY', 'SECRET'],
    ['DB_PASSWORD', 'PASSWORD'],
    ['DB_PASSWD', 'PASSWD'],
    ['DB_PASS', 'PASS'],
    ['DB_PWD', 'PWD'],
    ['GCP_CREDENTIALS', 'CREDENTIAL'],
    ['GCP_CREDS', 'CREDS'],
    ['GH_PAT', 'PAT'],
    ['OKTA_JWT_AUDIENCE', 'JWT'],
    ['API_KEY', 'KEY'],
    ['APIKEY', 'KEY'],
    ['SSH_KEYS', 'KEY'],
    ['DEPLOYKEY', 'KEY'],
    ['BASIC_AUTH', 'AUTH'],
    ['BASICAUTH', 'AUTH'],
    ['OAUTH_CLIENT', 'AUTH'],
    ['AUTH_HEADER', 'AUTH'],
    ['AUTHORIZATION', 'AUTH'],
    ['SLACK_WEBHOOK_URL', 'WEBHOOK'],
    ['SESSION_ID', 'SESSION'],
    ['LOGIN_COOKIE', 'COOKIE'],
    ['REQUEST_SIGNATURE', 'SIGNATURE'],
    ['TLS_CERT', 'CERT'],
    ['CLIENT_CERTIFICATE', 'CERT'],
    ['PRIVATE_REGISTRY', 'PRIVATE'],
    ['SENTRY_DSN', 'DSN'],
  ];
  for (const [name, word] of table) {
    it(`${name}: ${word ? `refused (${word})` : 'allowed'}`, () => {
      const checked = check(container(`\${${name}}`), { [name]: '1.0.0' });
      if (!word) {
        expect(checked.diagnostics).toEqual([]);
        return;
      }
      expect(checked.diagnostics.map((d) => d.code)).toEqual(['SECRET_VARIABLE']);
      expect(checked.diagnostics[0]!.summary).toContain(name);
      expect(checked.diagnostics[0]!.summary).toContain(`its name contains ${word}`);
    });
  }
});

describe('credential values are refused whatever the variable is called (issue 10 item 5)', () => {
  const jwt = `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(`{"sub":"${MARK}"}`).toString('base64url')}.c2lnbmF0dXJl`;
  const refused: [string, string, string, string][] = [
    ['a URL with a user and password', 'repository', 'DATABASE_URL', `postgres://admin:${MARK}@db.internal:5432/app`],
    ['an https URL with a user name (a token as user)', 'repository', 'REPO_URL', `https://${MARK}@github.com/acme/api.git`],
    ['a JWT', 'commit', 'MY_REF', jwt],
    ['a PEM private key', 'commit', 'MY_REF', `-----BEGIN OPENSSH PRIVATE KEY-----\n${MARK}`],
    ['a GitHub token', 'commit', 'MY_REF', `ghp_${'a1B2c3D4e5'.repeat(3)}abcdef`],
    ['the Qovery token itself', 'commit', 'MY_REF', `qvtok_${MARK}_0123456789`],
  ];
  for (const [what, field, name, value] of refused) {
    it(`refuses ${what} in \${${name}}, without quoting it`, () => {
      const text = `${HEADER}applications:\n  - name: api\n    ${field}: \${${name}}\n${field === 'repository' ? '    commit: HEAD\n' : ''}`;
      const checked = check(text, { [name]: value, QOVERY_API_TOKEN: `qvtok_${MARK}_0123456789` });
      expect(checked.diagnostics.map((d) => d.code)).toEqual(['SECRET_VARIABLE']);
      expect(checked.diagnostics[0]!.summary).toContain(name);
      expect(JSON.stringify(checked)).not.toContain(MARK);
    });
  }

  it('accepts URLs without credentials and ssh:// with a plain user name', () => {
    for (const value of ['https://github.com/acme/api.git', 'ssh://git@github.com/acme/api.git', 'git@github.com:acme/api.git']) {
      const checked = check(`${HEADER}applications:\n  - name: api\n    repository: \${REPO_URL}\n    commit: HEAD\n`, { REPO_URL: value });
      expect(checked.diagnostics, value).toEqual([]);
    }
  });
});

describe('a diagnostic never quotes an interpolated value: it names the ${VAR} (issue 10 item 5)', () => {
  const env = {
    ENV_ID: `not-a-uuid-${MARK}`,
    TAG: `not a tag!! ${MARK}`,
    CHART: `1.0 ${MARK}`,
    REF: `bad..ref-${MARK}`,
    REPO: `ftp://example.com/${MARK}`,
    SVC: `svc-${MARK}`,
    ACTION: `explode-${MARK}`,
  };
  const cases: [string, string, string][] = [
    ['an invalid UUID', `version: 1\nenvironment:\n  id: \${ENV_ID}\n`, '${ENV_ID}'],
    ['an invalid image tag', container('${TAG}'), '${TAG}'],
    ['an invalid chart version', `${HEADER}helms:\n  - name: h\n    chart_version: \${CHART}\n`, '${CHART}'],
    ['an invalid git revision', `${HEADER}applications:\n  - name: api\n    commit: \${REF}\n`, '${REF}'],
    ['an invalid repository', `${HEADER}applications:\n  - name: api\n    commit: HEAD\n    repository: \${REPO}\n`, '${REPO}'],
    ['a service label in another problem', `${HEADER}containers:\n  - name: \${SVC}\n    image_tag: "bad tag"\n`, '${SVC}'],
    ['a name listed twice', `${HEADER}containers:\n  - name: \${SVC}\n    image_tag: "1"\n  - name: \${SVC}\n    image_tag: "2"\n`, '${SVC}'],
    ['a value outside an enum', `${HEADER}terraforms:\n  - name: infra\n    commit: HEAD\n    action: \${ACTION}\n`, '${ACTION}'],
  ];
  for (const [what, text, shown] of cases) {
    it(what, () => {
      const checked = check(text, env);
      expect(checked.diagnostics.length).toBeGreaterThan(0);
      expect(checked.diagnostics.map((d) => `${d.summary} ${d.hint ?? ''}`).join('\n')).toContain(shown);
      expect(JSON.stringify(checked.diagnostics)).not.toContain(MARK);
    });
  }

  it('`validate` prints no interpolated value in any format (the ${DATABASE_URL} of the issue)', async () => {
    const { dir, write } = tempDir();
    write('m.yaml', `${HEADER}applications:\n  - name: api\n    commit: HEAD\n    repository: \${DATABASE_URL}\n  - name: \${SVC}\n    commit: \${REF}\n`);
    for (const format of ['text', 'json', 'github']) {
      const result = await runCli(['validate', '--no-git', '--format', format, 'm.yaml'], { cwd: dir, env: { ...env, DATABASE_URL: `postgres://admin:${MARK}@db/app` } });
      expect(result.code).toBe(1);
      expect(result.stdout + result.stderr).toContain('DATABASE_URL');
      expect(result.stdout + result.stderr).not.toContain(MARK);
    }
  });
});
