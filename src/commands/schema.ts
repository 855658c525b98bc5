import { readFile } from 'node:fs/promises';
import type { CommandContext } from './context.js';

/** Path of the JSON Schema shipped with the package (same place from src/ and dist/). */
export const SCHEMA_URL = new URL('../../schema/qovery-deploy.schema.json', import.meta.url);

/** `qovery-deploy schema`: prints the manifest's JSON Schema. */
export async function runSchemaCommand(ctx: CommandContext): Promise<number> {
  ctx.stdout.write(await readFile(SCHEMA_URL, 'utf8'));
  return 0;
}
