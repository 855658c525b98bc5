// Empties dist/ before a build: tsc never deletes the output of a source that was moved or removed,
// and `files` publishes whatever dist/ holds.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

rmSync(fileURLToPath(new URL('../dist', import.meta.url)), { recursive: true, force: true });
