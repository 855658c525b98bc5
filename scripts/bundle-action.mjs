// Bundles the GitHub Action (src/action, compiled to dist/action by `npm run build`) into one
// self-contained file, action/index.js, committed so that `uses: qovery-deploy/qovery-deploy@v1`
// runs on the runner's Node 24 with no install. The build is deterministic (no timestamps, no
// absolute paths), so `--check` (run by .ci/run) can fail when the committed file differs from
// what the sources give.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REQUIRE, yamlModules } from './bundle-shared.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = `${root}action/index.js`;
// `--out FILE` writes the bundle elsewhere (the tests build it twice to see that it is deterministic).
const outAt = process.argv.indexOf('--out');
const out = outAt > 0 ? process.argv[outAt + 1] : target;

const result = await build({
  entryPoints: [`${root}dist/action/entry.js`],
  absWorkingDir: root,
  bundle: true,
  write: false,
  outfile: target,
  format: 'esm',
  platform: 'node',
  // Runs on the runner's Node 24; Node 20 too, for the tests' first lane.
  target: 'node20',
  banner: { js: REQUIRE },
  // Everything goes in, undici too (used when HTTPS_PROXY is set): the runner installs nothing.
  legalComments: 'none',
  minify: true,
  plugins: [yamlModules],
  logLevel: 'warning',
});
const text = result.outputFiles[0].text;

if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== text) {
    console.error('action/index.js differs from what the sources give: run `npm run build:action` and commit it.');
    process.exit(1);
  }
  console.log('action/index.js matches the sources.');
} else {
  writeFileSync(out, text);
  console.log(`${out === target ? 'action/index.js' : out}: ${Math.round(text.length / 1024)} KiB`);
}
