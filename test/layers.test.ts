import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

/**
 * Issue 15, item 3: the layers of src/, read from the static imports of the sources. The library
 * loads no command-line code, output formatting stays in report/, report/ does not reach up into
 * the workflows or the commands, and each shared helper has one home.
 */
const SRC = join(ROOT, 'src');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourcesUnder(join(dir, e.name)) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [join(dir, e.name)] : []));
}

/** Every source file by its path under src/ (`report/run/text.ts`), with its text and the src/ files it imports statically. */
const SOURCES = new Map(
  sourcesUnder(SRC).map((file) => {
    const text = readFileSync(file, 'utf8');
    const imports = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom '(\.{1,2}\/[^']+)'/gm)].map((m) =>
      posix.normalize(posix.join(posix.dirname(relative(SRC, file).split('\\').join('/')), m[1]!.replace(/\.js$/, '.ts'))),
    );
    return [relative(SRC, file).split('\\').join('/'), { text, imports }] as const;
  }),
);

/** Every src/ file `entry` loads, following static imports. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !SOURCES.has(file)) return;
    seen.add(file);
    for (const next of SOURCES.get(file)!.imports) visit(next);
  };
  visit(entry);
  return seen;
}

const importsOf = (prefix: string) => [...SOURCES].filter(([file]) => file.startsWith(prefix)).flatMap(([file, s]) => s.imports.map((to) => `${file} → ${to}`));
const under = (...prefixes: string[]) => (edge: string) => prefixes.some((p) => edge.split(' → ')[1]!.startsWith(p));

describe('the layers of src/', () => {
  it('the library entry loads no command-line code and no output formatting', () => {
    const loaded = [...closure('index.ts')];
    expect(loaded.length).toBeGreaterThan(30);
    expect(loaded.filter((f) => f === 'cli.ts' || f.startsWith('commands/') || f.startsWith('report/') || f.startsWith('simulator/'))).toEqual([]);
  });

  it('report/ imports neither the workflows nor the commands: the results it renders live below both', () => {
    expect(importsOf('report/').filter(under('workflows/', 'commands/', 'cli.ts'))).toEqual([]);
  });

  it('nothing below the command line imports report/, commands/ or cli.ts', () => {
    const lower = [...SOURCES.keys()].filter((f) => !f.startsWith('report/') && !f.startsWith('commands/') && !f.startsWith('simulator/') && f !== 'cli.ts');
    expect(lower.flatMap((f) => importsOf(f).filter((edge) => edge.startsWith(`${f} →`))).filter(under('report/', 'commands/', 'cli.ts'))).toEqual([]);
  });

  it('stage logic does not hide in index.ts files: they only re-export', () => {
    for (const [file, { text }] of SOURCES) {
      if (!file.endsWith('index.ts') || file === 'index.ts' || file.startsWith('simulator/')) continue;
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      const statements = code.split(';').map((s) => s.trim()).filter(Boolean);
      expect(statements.filter((s) => !/^export (type )?(\*|\{[^}]*\}) from '[^']+'$/.test(s)), file).toEqual([]);
    }
  });

  it('each shared helper has one home', () => {
    const definers = (pattern: RegExp) => [...SOURCES].filter(([file, s]) => !file.startsWith('simulator/') && pattern.test(s.text)).map(([file]) => file);
    expect(definers(/export function rangeAt\b|function escapePointer\b|function pointerSegments\b|function fileRange\b/)).toEqual(['load/positions.ts']);
    expect(definers(/function diagnosticsOf\b/)).toEqual(['diagnostics/error.ts']);
    expect(definers(/function matchService\b/)).toEqual(['resolve/match-service.ts']);
    expect(definers(/function isLoopbackHost\b/)).toEqual(['net/loopback.ts']);
    expect(definers(/'QOVERY_CLI_ACCESS_TOKEN'/)).toEqual(['secrets/tokens.ts']);
    // One text table: columns are padded to their widths in one place.
    expect(definers(/padEnd\(widths/)).toEqual(['report/text-table.ts']);
    // resolve and status both use the one matchService; status no longer matches on its own.
    expect(importsOf('workflows/service-status.ts')).toContain('workflows/service-status.ts → resolve/match-service.ts');
    expect(importsOf('resolve/resolve-manifest.ts')).toContain('resolve/resolve-manifest.ts → resolve/match-service.ts');
  });
});
