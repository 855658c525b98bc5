import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/load/parse.js';
import { validateManifest } from '../../src/validate/validate-manifest.js';
import { buildInitManifest, parseEnvironmentArgument } from '../../src/workflows/init-manifest.js';

const ENV = '7a1b0c2d-0000-4000-8000-000000000001';
const SHA = 'a'.repeat(40);
const id = (n: number) => `5e7c0000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const git = (url: string, commit?: string) => ({ url, branch: 'main', ...(commit ? { deployed_commit_id: commit } : {}) });

/** Builds the manifest and takes it back through the real loader and validator. */
function roundTrip(results: unknown[], statuses = {}) {
  const built = buildInitManifest({ environmentId: ENV, services: { results }, statuses });
  const checked = validateManifest(parseManifest(built.text, 'init.yaml'), { env: {} });
  expect(checked.diagnostics, built.text).toEqual([]);
  return { ...built, manifest: checked.value! };
}

describe('buildInitManifest', () => {
  it('keeps services the format cannot express as comments, and says why', () => {
    const { text, entries, manifest } = roundTrip([
      { id: id(1), name: 'cleanup', service_type: 'LIFECYCLE_JOB' },
      { id: id(2), name: 'fresh', service_type: 'APPLICATION', git_repository: git('https://github.com/acme/fresh.git') },
      { id: id(3), name: 'web', service_type: 'CONTAINER', tag: 'latest' },
      { id: id(4), name: 'odd', service_type: 'CONTAINER', tag: 'has space' },
    ]);
    expect(manifest.services.map((s) => s.name)).toEqual(['web']);
    expect(entries.filter((e) => !e.listed).map((e) => e.name)).toEqual(['cleanup', 'fresh', 'odd']);
    expect(text).toContain(`# - other "cleanup" (${id(1)}): Qovery lists it as "LIFECYCLE_JOB", a kind the manifest has no list for\n`);
    expect(text).toContain(`# - application "fresh" (${id(2)}): no version yet`);
    expect(text).toContain(`# - container "odd" (${id(4)}): its image tag "has space" is not one the manifest accepts`);
  });

  it('keeps API text in comments from starting YAML of its own', () => {
    const hostile = 'BUILD_ERROR\ncontainers:\n  - name: injected';
    const { manifest, text } = roundTrip(
      [
        { id: id(1), name: 'web', service_type: 'CONTAINER', tag: '1' },
        { id: id(2), name: 'odd', service_type: 'NEW\nKIND: x' },
      ],
      { [id(1)]: { id: id(1), state: hostile, deploymentStatus: 'OUT_OF_DATE', deploymentRequestId: null, requestsCount: 0 } },
    );
    expect(manifest.services.map((s) => s.name)).toEqual(['web']);
    expect(text).toContain('# live: BUILD_ERROR?containers:?  - name: injected, OUT_OF_DATE;');
  });

  it('writes an environment with no services as a valid manifest', () => {
    const { text, manifest } = roundTrip([]);
    expect(manifest.services).toEqual([]);
    expect(text).toContain('# The environment has no services yet.');
  });

  it('keeps every version and name exactly, whatever YAML would make of it', () => {
    const tags = ['1.10', '0123', '1e3', 'no', 'null', '0x1F', 'true', '7e10000'];
    const { manifest } = roundTrip([
      ...tags.map((tag, i) => ({ id: id(10 + i), name: `c${i}`, service_type: 'CONTAINER', tag })),
      { id: id(30), name: 'yes', service_type: 'DATABASE' },
      { id: id(31), name: 'pay $HOME ${USER} #1: "x"', service_type: 'DATABASE' },
      { id: id(32), name: '- dash', service_type: 'DATABASE' },
      ...['123', '1:20', '1.10', '~', 'a: b', 'x #y', 'ok:'].map((name, i) => ({ id: id(40 + i), name, service_type: 'DATABASE' })),
      { id: id(33), name: 'chart', service_type: 'HELM', source: { repository: { chart_version: '1.10' } }, values_override: {} },
    ]);
    const byName = new Map(manifest.services.map((s) => [s.name, s as unknown as Record<string, string>]));
    tags.forEach((tag, i) => expect(byName.get(`c${i}`)?.image_tag, tag).toBe(tag));
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['yes', 'pay $HOME ${USER} #1: "x"', '- dash', '123', '1:20', '1.10', '~', 'a: b', 'x #y', 'ok:']));
    expect(byName.get('chart')?.chart_version).toBe('1.10');
  });

  it('writes the id for a name shared within a kind or unusable as a manifest name', () => {
    const { text, manifest } = roundTrip([
      { id: id(1), name: 'api', service_type: 'DATABASE' },
      { id: id(2), name: 'API', service_type: 'DATABASE' },
      { id: id(3), name: 'line\nbreak', service_type: 'DATABASE' },
      { id: id(4), name: 'api', service_type: 'CONTAINER', tag: '1' },
    ]);
    expect(manifest.services.map((s) => [s.kind, s.id ?? s.name])).toEqual([
      ['container', 'api'],
      ['database', id(1)],
      ['database', id(2)],
      ['database', id(3)],
    ]);
    expect(text).toContain(`  - id: ${id(3)}  # named "line\\nbreak"\n`);
  });

  it('names the remote repository of git services, and notes when Qovery’s URL cannot be used', () => {
    const { manifest, entries } = roundTrip([
      { id: id(1), name: 'api', service_type: 'APPLICATION', git_repository: git('https://github.com/acme/api.git', SHA) },
      { id: id(2), name: 'secret', service_type: 'APPLICATION', git_repository: git('https://user:pw@example.com/x.git', SHA) },
      { id: id(3), name: 'tf', service_type: 'TERRAFORM', terraform_files_source: { git: { git_repository: git('git@github.com:acme/tf.git', 'B'.repeat(40)) } } },
      { id: id(4), name: 'short', service_type: 'JOB', source: { docker: { git_repository: git('https://github.com/acme/j.git', 'abc1234') } } },
      {
        id: id(5),
        name: 'chart',
        service_type: 'HELM',
        source: { repository: { chart_version: '4.11.3' } },
        values_override: { file: { git: { git_repository: git('https://github.com/acme/values.git', SHA) } } },
      },
    ]);
    const spec = (name: string) => manifest.services.find((s) => s.name === name) as unknown as Record<string, string>;
    expect(spec('api')).toMatchObject({ commit: SHA, repository: 'https://github.com/acme/api.git' });
    expect(spec('secret').repository).toBeUndefined();
    expect(entries.find((e) => e.name === 'secret')?.note).toContain('no repository URL usable here');
    expect(spec('tf')).toMatchObject({ commit: 'B'.repeat(40), repository: 'git@github.com:acme/tf.git' });
    expect(spec('short')).toBeUndefined();
    expect(spec('chart')).toMatchObject({ chart_version: '4.11.3', values_override_commit: SHA, values_override_repository: 'https://github.com/acme/values.git' });
  });

  it('names the environment by names when given them, keeping the id as a comment', () => {
    const built = buildInitManifest({ environmentId: ENV, names: { organization: 'Acme', project: 'shop', name: 'no' }, services: { results: [] } });
    const checked = validateManifest(parseManifest(built.text, 'init.yaml'), { env: {} });
    expect(checked.value?.environment).toEqual({ organization: 'Acme', project: 'shop', name: 'no' });
    expect(built.text).toContain(`  # id: ${ENV}`);
  });
});

describe('parseEnvironmentArgument', () => {
  it('takes a UUID (any case) or exactly three names', () => {
    expect(parseEnvironmentArgument(ENV.toUpperCase())).toEqual({ id: ENV });
    expect(parseEnvironmentArgument('Acme/shop/production')).toEqual({ organization: 'Acme', project: 'shop', name: 'production' });
    for (const bad of ['', 'production', 'a/b', 'a/b/c/d', 'a//c', '7a1b0c2d']) expect(parseEnvironmentArgument(bad), bad).toBeUndefined();
  });
});
