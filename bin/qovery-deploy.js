#!/usr/bin/env node
// Starts the bundled CLI (dist/bundle, made by `npm run build`): a few minified files, one per
// lazily loaded part, start much faster than the tree of modules they come from.
import module from 'node:module';

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  // Answered without loading the CLI; the same text as `qovery-deploy --version` in-process.
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // Node ≥ 22.1 keeps V8's compiled code between runs (see src/compile-cache.ts).
  if (typeof module.enableCompileCache === 'function') (await import('../dist/compile-cache.js')).startCompileCache(module.enableCompileCache);
  const { exitOnSignals, main } = await import('../dist/bundle/cli.js');
  exitOnSignals();
  process.exitCode = await main(argv);
}
