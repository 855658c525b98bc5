import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT, runCli } from './helpers/cli.js';

const EXAMPLES = `${ROOT}examples/`;
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.yaml'));
const schema = JSON.parse(readFileSync(`${ROOT}schema/qovery-deploy.schema.json`, 'utf8'));

describe('examples/', () => {
  it('holds at least four manifests, each pointing editors at the schema by relative path', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const file of files) {
      expect(readFileSync(EXAMPLES + file, 'utf8').split('\n')[0], file).toBe(
        '# yaml-language-server: $schema=../schema/qovery-deploy.schema.json',
      );
    }
  });

  it.each(files)('%s is valid', async (file) => {
    const result = await runCli(['validate', '--no-git', file], { cwd: EXAMPLES });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('together use every kind and every field the schema allows', () => {
    const used = new Map<string, Set<string>>();
    const note = (where: string, keys: string[]) => {
      const set = used.get(where) ?? new Set<string>();
      for (const k of keys) set.add(k);
      used.set(where, set);
    };
    for (const file of files) {
      const doc = parse(readFileSync(EXAMPLES + file, 'utf8')) as Record<string, unknown>;
      note('#', Object.keys(doc));
      note('environment', Object.keys(doc.environment as object));
      for (const [listKey, kind] of [
        ['applications', 'application'],
        ['containers', 'container'],
        ['databases', 'database'],
        ['jobs', 'job'],
        ['helms', 'helm'],
        ['terraforms', 'terraform'],
      ] as const) {
        for (const entry of (doc[listKey] as object[] | undefined) ?? []) note(kind, Object.keys(entry));
      }
    }
    expect([...used.get('#')!].sort()).toEqual(Object.keys(schema.properties).sort());
    expect([...used.get('environment')!].sort()).toEqual(Object.keys(schema.definitions.environment.properties).sort());
    for (const kind of ['application', 'container', 'database', 'job', 'helm', 'terraform']) {
      expect([...(used.get(kind) ?? [])].sort(), kind).toEqual(Object.keys(schema.definitions[kind].properties).sort());
    }
  });
});
