import { resolve } from 'node:path';
import { parseManifest } from './parse.js';
import { readManifestFile } from './read-file.js';
import type { LoadedManifest } from './types.js';


export interface LoadOptions {
  /** Folder a relative `file` is read from; diagnostics keep naming `file` as given. Default: process.cwd(). */
  cwd?: string;
}

/** Reads and parses one manifest file; problems come back as diagnostics, never as exceptions. */
export async function loadManifest(file: string, options: LoadOptions = {}): Promise<LoadedManifest> {
  const read = readManifestFile(resolve(options.cwd ?? process.cwd(), file), file);
  if ('diagnostic' in read) return { file, source: '', data: undefined, positions: {}, diagnostics: [read.diagnostic] };
  return parseManifest(read.source, file);
}
