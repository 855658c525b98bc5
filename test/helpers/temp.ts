import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** A temp folder removed after the test file; `write(name, text)` puts a file in it. */
export function tempDir(prefix = 'qd-test-'): { dir: string; write: (name: string, text: string | Buffer) => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write: (name, text) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** The smallest valid manifest header; append service lists to it. */
export const HEADER = 'version: 1\nenvironment:\n  id: 7a1b0c2d-0000-4000-8000-000000000001\n';
