import { readFileSync } from 'node:fs';
import { inject } from 'vitest';

/**
 * Runs before each file of the built project: waits until the background build of
 * test/global-setup.ts has finished (no wait when QD_SKIP_BUILD=1 said dist/ is fresh).
 */
const status = inject('buildStatus');
// A bound, not a measure: the build takes well under a minute even on a loaded machine.
for (let waited = 0; status !== ''; waited += 100) {
  const build = JSON.parse(readFileSync(status, 'utf8')) as { state: 'running' | 'ok' | 'failed'; output?: string };
  if (build.state === 'ok') break;
  if (build.state === 'failed') throw new Error(`npm run build failed, so this file cannot run the built CLI:\n${build.output ?? ''}`);
  if (waited > 600_000) throw new Error('npm run build did not finish in 10 minutes');
  await new Promise((resolve) => setTimeout(resolve, 100));
}
