import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Builds what the tests run: the generated validator and dist/ (CLI tests spawn the real bin). */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  if (process.env.QD_SKIP_BUILD === '1') return;
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}
