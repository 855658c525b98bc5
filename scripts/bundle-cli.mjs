// Bundles the CLI into a few minified files under dist/bundle/. Start-up time is mostly Node
// reading and compiling code: ~100 small modules (yaml alone is ~80) cost more than the work
// `validate` does, and so do bytes never run. So: one file per lazily-loaded part (the entry and
// `validate`, then commander with the other commands, then git's execa), minified (V8 parses
// every byte of a module it loads). The library (dist/index.js) stays unbundled for importers.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * yaml ships CommonJS for Node and the same code as ES modules for other platforms. The ES build
 * starts about twice as fast once bundled (no module wrappers; esbuild drops what is unused). The
 * two differ only where we never go: yaml-1.1 `!!binary` (we pin the core schema), the warnings
 * of its `parse()` (a tag or a collection key, which our plain scalars cannot hold) and its
 * LOG_TOKENS / LOG_STREAM debugging output. The library (dist/index.js) keeps yaml's Node build.
 */
const yamlModules = {
  name: 'yaml-es-modules',
  setup(build) {
    const browserEntry = createRequire(import.meta.url).resolve('yaml/package.json').replace(/package\.json$/, 'browser/index.js');
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: browserEntry }));
  },
};
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
  minify: true,
  plugins: [yamlModules],
  logLevel: 'warning',
});
