import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
const installed = (name: string): string => JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')).version;
const parts = (v: string) => v.split('.').map(Number) as [number, number, number];
const atLeast = (v: string, floor: string) => {
  const [a, b, c] = parts(v);
  const [x, y, z] = parts(floor);
  return a !== x ? a > x : b !== y ? b > y : c >= z;
};

describe('dependency and engine floors (checklist item 24)', () => {
  it('pins the versions that run on Node 20 and carry the security fixes', () => {
    expect(pkg.engines.node).toBe('>=20.19');
    expect(installed('p-retry')).toMatch(/^7\./);
    expect(installed('execa')).toMatch(/^9\./);
    // undici 8 needs Node 22; 7 is the line that runs on Node 20.19 (loaded only behind a proxy).
    expect(installed('undici')).toMatch(/^7\./);
    expect(atLeast(installed('ajv'), '8.18.0')).toBe(true);
    expect(atLeast(installed('yaml'), '2.8.4')).toBe(true);
    expect(installed('yaml')).toMatch(/^2\./);
    expect(installed('vitest')).toBe('4.1.12');
    expect(installed('vite')).toBe('8.3.8');
    expect(pkg.devDependencies.vitest).toBe('4.1.12');
    expect(pkg.devDependencies.vite).toBe('8.3.8');
  });

  it('uses qovery-typescript-axios for types only: the built code never loads it (or axios)', async () => {
    const { readdirSync } = await import('node:fs');
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(`${dir}/${e.name}`) : e.name.endsWith('.js') ? [`${dir}/${e.name}`] : []));
    const built = walk(`${ROOT}dist`);
    expect(built.length).toBeGreaterThan(10);
    for (const file of built) expect(readFileSync(file, 'utf8'), file).not.toMatch(/qovery-typescript-axios|from ['"]axios['"]/);
  });
});
