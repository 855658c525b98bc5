#!/usr/bin/env node
// The bundled CLI (dist/bundle) starts faster than the module tree; see scripts/bundle-cli.mjs.
import { exitOnSignals, main } from '../dist/bundle/cli.js';

exitOnSignals();
process.exitCode = await main(process.argv.slice(2));
