// tsc does not copy .cjs files: put the generated validator beside the compiled code.
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
cpSync(`${root}src/validate/generated`, `${root}dist/validate/generated`, { recursive: true });
