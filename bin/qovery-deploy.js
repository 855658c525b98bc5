#!/usr/bin/env node
// The bundled CLI (dist/bundle, made by `npm run build`) starts faster than the module tree.
import { exitOnSignals, main } from '../dist/bundle/cli.js';

exitOnSignals();
process.exitCode = await main(process.argv.slice(2));
