// Bundles the CLI into a few minified files under dist/bundle/. Start-up time is mostly Node
// reading and compiling code: ~100 small modules (yaml alone is ~80) cost more than the work
// `validate` does, and so do bytes never run. So: one file per lazily-loaded part (the entry and
// `validate`, then commander with the other commands, then git's execa), minified (V8 parses
// every byte of a module it loads). The library (dist/index.js) stays unbundled for importers.
import { build } from 'esbuild';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Bundled CommonJS (ajv's runtime, commander, picocolors) calls require(): esbuild's helper needs a real one. */
const REQUIRE = "import { createRequire as __qdRequire } from 'node:module'; const require = __qdRequire(import.meta.url);";

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
