#!/usr/bin/env node
// Starts the bundled CLI (dist/bundle, made by `npm run build`). This file is CommonJS
// (bin/package.json): a well-formed `validate`, which every pull request runs, then loads one
// CommonJS file and no ES module at all, the fastest start Node 20 offers. Everything else goes
// to the ES module bundle, a few minified files, one per lazily loaded part.
'use strict';
const { enableCompileCache } = require('node:module');
const start = require('../dist/bundle/start.cjs');

const argv = process.argv.slice(2);
const exit = (code) => {
  process.exitCode = code;
};
if (argv.length === 1 && argv[0] === '--version') {
  // Answered without loading the CLI; the same text as `qovery-deploy --version` in-process.
  process.stdout.write(`${start.VERSION}\n`);
} else {
  // Node ≥ 22.1 keeps V8's compiled code between runs (see src/compile-cache.ts).
  if (typeof enableCompileCache === 'function') require('../dist/bundle/compile-cache.cjs').startCompileCache(enableCompileCache);
  const fast = start.fastCommand(argv);
  if (fast !== undefined && fast.name === 'validate') {
    const entry = require('../dist/bundle/validate.cjs');
    entry.exitOnSignals();
    entry.runFastCommand(fast, argv).then(exit);
  } else {
    import('../dist/bundle/cli.js').then(({ exitOnSignals, main }) => {
      exitOnSignals();
      return main(argv);
    }).then(exit);
  }
}
