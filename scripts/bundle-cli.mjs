// Bundles the CLI into a few minified files under dist/bundle/. Start-up time is mostly Node
// reading and compiling code: ~100 small modules (yaml alone is ~80) cost more than the work
// `validate` does, and so do bytes never run. So: one file per lazily-loaded part (the entry and
// `validate`, then commander with the other commands, then git's execa), minified (V8 parses
// every byte of a module it loads). The library (dist/index.js) stays unbundled for importers.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REQUIRE, yamlModules } from './bundle-shared.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

rmSync(`${root}dist/bundle`, { recursive: true, force: true });
await build({
  entryPoints: { cli: `${root}dist/cli.js` },
  outdir: `${root}dist/bundle`,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: REQUIRE },
  // undici is loaded only when a proxy is configured (src/qovery/proxy.ts): keep it out of the bundle.
  external: ['undici'],
  chunkNames: 'chunk-[hash]',
  entryNames: '[name]',
  legalComments: 'none',
  minify: true,
  plugins: [yamlModules],
  logLevel: 'warning',
});

// The banner goes on every file, but only the ones naming `require` (esbuild's helper) use it:
// the others drop it, and with it a createRequire() at each start.
for (const name of readdirSync(`${root}dist/bundle`)) {
  const file = `${root}dist/bundle/${name}`;
  const text = readFileSync(file, 'utf8');
  const body = text.slice(REQUIRE.length);
  if (text.startsWith(REQUIRE) && !/(?<![\w$.'"])require(?![\w$])/.test(body)) writeFileSync(file, body.replace(/^\n/, ''));
}
