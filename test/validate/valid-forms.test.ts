import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/load/parse.js';
import type { ServiceSpec } from '../../src/types.js';
import { validateManifest } from '../../src/validate/validate-manifest.js';
import { HEADER } from '../helpers/temp.js';

function check(text: string, env: Record<string, string> = {}) {
  return validateManifest(parseManifest(text, 'm.yaml'), { env });
}

function services(text: string, env: Record<string, string> = {}): ServiceSpec[] {
  const checked = check(text, env);
  expect(checked.diagnostics).toEqual([]);
  return checked.value!.services;
}

describe('valid manifests', () => {
  it('accepts every kind and every field', () => {
    const text = `${HEADER}applications:
  - name: api
    commit: HEAD
  - id: 3c90c3cc-0d44-4b50-8888-8dd25736052a
    commit: v2.0.1
    repository: ../billing
containers:
  - name: web
    image_tag: "1.4.2"
databases:
  - name: postgres
  - id: 4d90c3cc-0d44-4b50-8888-8dd25736052a
jobs:
  - name: migrate
    commit: HEAD~1
    repository: https://github.com/acme/migrations.git
  - name: nightly-report
    image_tag: "2026.11.01"
helms:
  - name: ingress
    chart_version: 4.11.3
    values_override_commit: main
    values_override_repository: ../values
  - name: monitoring
    commit: main
    repository: git@github.com:acme/monitoring.git
    values_override_commit: v1.0.0
terraforms:
  - name: infra
    commit: HEAD
  - name: infra-plan
    commit: main
    action: PLAN
`;
    const list = services(text);
    expect(list.map((s) => `${s.kind}:${s.name ?? s.id}`)).toEqual([
      'application:api',
      'application:3c90c3cc-0d44-4b50-8888-8dd25736052a',
      'container:web',
      'database:postgres',
      'database:4d90c3cc-0d44-4b50-8888-8dd25736052a',
      'job:migrate',
      'job:nightly-report',
      'helm:ingress',
      'helm:monitoring',
      'terraform:infra',
      'terraform:infra-plan',
    ]);
    expect(list[1]).toEqual({ kind: 'application', pointer: '/applications/1', id: '3c90c3cc-0d44-4b50-8888-8dd25736052a', commit: 'v2.0.1', repository: '../billing' });
    expect(list[7]).toEqual({ kind: 'helm', pointer: '/helms/0', name: 'ingress', chart_version: '4.11.3', values_override_commit: 'main', values_override_repository: '../values' });
    expect(list[10]).toEqual({ kind: 'terraform', pointer: '/terraforms/1', name: 'infra-plan', commit: 'main', action: 'PLAN' });
  });

  it('accepts an environment by names, and by id and names together', () => {
    const byNames = check('version: 1\nenvironment:\n  organization: Acme\n  project: shop\n  name: production\n');
    expect(byNames.value?.environment).toEqual({ organization: 'Acme', project: 'shop', name: 'production' });
    const both = check('version: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-000000000001\n  organization: Acme\n  project: shop\n  name: production\n');
    expect(both.value?.environment.id).toBe('7a1b0c2d-0000-4000-8000-000000000001');
    expect(both.value?.environment.name).toBe('production');
  });

  it('accepts a manifest with no services and keeps positions for every node', () => {
    const checked = check(`${HEADER}containers:\n  - name: web\n    image_tag: "1"\n`);
    expect(checked.value?.positions['/containers/0/image_tag']).toMatchObject({
      key: { filename: 'm.yaml', start: { line: 6, column: 5 } },
      value: { start: { line: 6, column: 16 } },
    });
    expect(check(HEADER).value?.services).toEqual([]);
  });

  it('accepts every git revision form the issue lists', () => {
    for (const ref of ['HEAD', 'main', 'v1.4.2', 'HEAD~1', 'HEAD^2', 'main~2^', 'release/1.4', '3c90c3c', 'a'.repeat(40), '@']) {
      const checked = check(`${HEADER}applications:\n  - name: api\n    commit: "${ref}"\n`);
      expect(checked.diagnostics, ref).toEqual([]);
    }
  });
});

describe('version fields keep the exact text written (checklist item 12)', () => {
  const scalars = ['1.10', '0123', '1e3', 'no', '0x1F', '2026.11.01', '1234e56', '7e10000', '1234567', 'true', '0o17', '1_000'];

  for (const directive of ['', '%YAML 1.1\n---\n']) {
    it(`keeps ${scalars.join(', ')} as written${directive ? ' under a %YAML 1.1 directive' : ''}`, () => {
      for (const raw of scalars) {
        const text = `${directive}${HEADER}containers:\n  - name: web\n    image_tag: ${raw}\njobs:\n  - name: job\n    image_tag: ${raw}\nhelms:\n  - name: chart\n    chart_version: ${raw}\n    values_override_commit: ${/^[0-9a-f]+$/.test(raw) ? raw : 'main'}\n  - name: git\n    commit: ${/^[0-9a-f]+$/.test(raw) ? raw : 'HEAD'}\n`;
        const checked = check(text);
        expect(checked.diagnostics, raw).toEqual([]);
        const list = checked.value!.services;
        expect(list[0], raw).toMatchObject({ kind: 'container', image_tag: raw });
        expect(list[1], raw).toMatchObject({ kind: 'job', image_tag: raw });
        expect(list[2], raw).toMatchObject({ kind: 'helm', chart_version: raw });
        if (/^[0-9a-f]+$/.test(raw)) expect(list[3], raw).toMatchObject({ kind: 'helm', commit: raw, name: 'git' });
        expect(JSON.stringify(checked.value ?? {}), raw).not.toMatch(/"(1\.1|123|1000|false|null|Infinity|31)"/);
      }
    });
  }

  it('refuses `image_tag: ~` as an empty value rather than the tag "~"', () => {
    const checked = check(`${HEADER}containers:\n  - name: web\n    image_tag: ~\n`);
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['WRONG_TYPE']);
  });

  it('says "quote it" with the text as typed when a non-version field gets a number', () => {
    const checked = check(`${HEADER}applications:\n  - name: 1.10\n    commit: HEAD\n`);
    expect(checked.diagnostics[0]).toMatchObject({ code: 'WRONG_TYPE', hint: 'quote it: "1.10"', range: { start: { line: 5, column: 11 } } });
  });
});

describe('${VAR} interpolation (checklist item 21)', () => {
  const container = (tag: string) => `${HEADER}containers:\n  - name: web\n    image_tag: ${tag}\n`;
  const tagOf = (text: string, env: Record<string, string>) => {
    const s = services(text, env)[0]!;
    return s.kind === 'container' ? s.image_tag : undefined;
  };

  it('expands ${VAR}, ${VAR:-default}, ${VAR:?message} and $$', () => {
    expect(tagOf(container('${TAG}'), { TAG: '1.10' })).toBe('1.10');
    expect(tagOf(container('v${TAG}-${SUFFIX:-rc}'), { TAG: '2' })).toBe('v2-rc');
    expect(tagOf(container('${TAG:-fallback}'), { TAG: '' })).toBe('fallback');
    expect(tagOf(container('${TAG:?set TAG}'), { TAG: 'x1' })).toBe('x1');
    const job = services(`${HEADER}applications:\n  - name: "cost$$"\n    commit: HEAD\n`)[0]!;
    expect(job.name).toBe('cost$');
  });

  it('expands once: a value holding ${OTHER} is not expanded again', () => {
    const checked = check(container('${TAG}'), { TAG: '${OTHER}', OTHER: 'x' });
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['INVALID_VALUE']);
    // The message names the variable as written, never the value it held.
    expect(checked.diagnostics[0]!.summary).toContain('"${TAG}"');
    expect(checked.diagnostics[0]!.summary).not.toContain('OTHER');
  });

  it('never parses a value as YAML: a newline and "key: v" create no key', () => {
    const checked = check(`${HEADER}applications:\n  - name: \${NAME}\n    commit: HEAD\n`, { NAME: 'api\nextra: 1' });
    expect(checked.diagnostics.map((d) => d.code)).toEqual(['INVALID_VALUE']);
    expect(checked.value).toBeUndefined();
  });

  it('still validates the expanded value: an option-shaped ref from a variable is refused', () => {
    const checked = check(`${HEADER}applications:\n  - name: api\n    commit: \${REF}\n`, { REF: '--upload-pack=touch /tmp/pwned' });
    expect(checked.diagnostics).toMatchObject([{ code: 'INVALID_GIT_REVISION', range: { start: { line: 6, column: 13 } } }]);
  });

  it('refuses credential variables even when they are set', () => {
    for (const name of ['QOVERY_API_TOKEN', 'QOVERY_CLI_ACCESS_TOKEN', 'GITHUB_TOKEN', 'AWS_SECRET_ACCESS_KEY', 'DB_PASSWORD']) {
      const checked = check(container(`\${${name}}`), { [name]: 'qvtok_secret_value' });
      expect(checked.diagnostics.map((d) => d.code), name).toEqual(['SECRET_VARIABLE']);
      expect(JSON.stringify(checked), name).not.toContain('qvtok_secret_value');
    }
  });

  it('points at the ${…} inside the value, not at the start of the scalar', () => {
    const checked = check(container('"v-${MISSING}"'));
    expect(checked.diagnostics).toMatchObject([{ code: 'UNSET_VARIABLE', range: { start: { line: 6, column: 19 }, end: { column: 29 } } }]);
  });
});
