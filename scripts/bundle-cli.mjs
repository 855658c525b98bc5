// Bundles the CLI into a few files under dist/bundle/. Loading ~100 small modules (yaml alone is
// ~80) costs more start-up time than the work `validate` does; one file per lazily-loaded command
// keeps `qovery-deploy validate` under 2x `node -e 0` (DESIGN.md §7). The library (dist/index.js)
// stays unbundled for importers.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  // Bundled CommonJS (yaml, ajv's runtime, commander) calls require(); give it a real one.
  banner: { js: "import { createRequire as __qdRequire } from 'node:module'; const require = __qdRequire(import.meta.url);" },
  // undici is loaded only when a proxy is configured (src/qovery/proxy.ts): keep it out of the bundle.
  external: ['undici'],
  chunkNames: 'chunk-[hash]',
  entryNames: '[name]',
  legalComments: 'none',
  logLevel: 'warning',
});
