// Bundles the CLI into a few minified files under dist/bundle/. Start-up time is mostly Node
// reading and compiling code: ~100 small modules (yaml alone is ~80) cost more than the work
// `validate` does, and so do bytes never run. So: one file per lazily-loaded part (the entry and
// `validate`, then commander with the other commands, then git's execa), minified (V8 parses
// every byte of a module it loads). The library (dist/index.js) stays unbundled for importers.
// `validate`, the command every pull request runs, also gets a CommonJS file of its own
// (validate.cjs), which Node 20 loads faster than ES modules, and the bin a tiny start.cjs
// (version, the command-line check, the compile cache) so that it loads no ES module on that path.
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

const common = { bundle: true, format: 'cjs', platform: 'node', target: 'node20', legalComments: 'none', minify: true, logLevel: 'warning' };
/**
 * Points imports of other CommonJS files of the bundle at them, as `require` calls: git (with
 * execa, loaded only when a manifest names a git ref) is a file of its own, and the registry of
 * running git processes one both use, so the signal handler sees the processes git started.
 */
const siblings = (files) => ({
  name: 'cjs-siblings',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      const file = Object.keys(files).find((name) => args.path.endsWith(name));
      return file && args.kind !== 'entry-point' ? { path: files[file], external: true } : undefined;
    });
  },
});
const GROUPS = { '/process-groups.js': './process-groups.cjs' };
// The bin's first file: what it needs to choose between validate.cjs and the ES module bundle.
await build({
  ...common,
  stdin: {
    contents: "export { VERSION } from './dist/version.js'; export { fastCommand } from './dist/commands/fast-path.js';",
    resolveDir: root,
    sourcefile: 'start.js',
  },
  outfile: `${root}dist/bundle/start.cjs`,
});
// Loaded only where Node has a compile cache (≥ 22.1).
await build({ ...common, entryPoints: [`${root}dist/compile-cache.js`], outfile: `${root}dist/bundle/compile-cache.cjs` });
// `validate` alone; `schema` is never run from here (the bin sends it to the ES module bundle,
// which can locate the schema file). A dynamic import() becomes a require(): no ES module loader.
await build({
  ...common,
  entryPoints: [`${root}dist/commands/fast-entry.js`],
  outfile: `${root}dist/bundle/validate.cjs`,
  external: ['undici', './schema.js'],
  supported: { 'dynamic-import': false },
  plugins: [yamlModules, siblings({ ...GROUPS, '/git/index.js': './git.cjs' })],
});
await build({ ...common, entryPoints: [`${root}dist/git/index.js`], outfile: `${root}dist/bundle/git.cjs`, plugins: [siblings(GROUPS)] });
await build({ ...common, entryPoints: [`${root}dist/git/process-groups.js`], outfile: `${root}dist/bundle/process-groups.cjs` });
