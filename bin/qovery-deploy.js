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
  // V8's compiled code is kept between runs (see src/compile-cache.ts): by Node itself from 22.1
  // for every module, and by us for validate.cjs on every version, because Node's cache holds only
  // what a module compiles as it loads while ours, saved at exit, holds the functions it ran too.
  const compileCache = require('../dist/bundle/compile-cache.cjs');
  const startNodeCache = () => typeof enableCompileCache === 'function' && compileCache.startCompileCache(enableCompileCache);
  const fast = start.fastCommand(argv);
  if (fast !== undefined && fast.name === 'validate') {
    const file = require.resolve('../dist/bundle/validate.cjs');
    const entry = compileCache.requireWithCodeCache(file).exports;
    // Node's cache only for what validate.cjs loads later (git.cjs, when a manifest names a git
    // revision): the files before it are tiny, and a first run would pay for writing their cache.
    startNodeCache();
    entry.exitOnSignals();
    entry.runFastCommand(fast, argv).then(exit);
  } else {
    startNodeCache();
    import('../dist/bundle/cli.js').then(({ exitOnSignals, main }) => {
      exitOnSignals();
      return main(argv);
    }).then(exit);
  }
}
