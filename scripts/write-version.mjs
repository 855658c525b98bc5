// Writes src/version.ts from package.json, so the version lives in one place: `--version`, the
// User-Agent and the package all say what package.json says. Rewritten only when it changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(`${root}package.json`, 'utf8'));
const target = `${root}src/version.ts`;
const text = `// Generated from package.json by scripts/write-version.mjs (npm run build): do not edit.\n\n/** The version of qovery-deploy, as package.json gives it. */\nexport const VERSION = '${version}';\n`;
let current = '';
try {
  current = readFileSync(target, 'utf8');
} catch {
  // First build: no file yet.
}
if (current !== text) writeFileSync(target, text);
