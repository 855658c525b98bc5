import type { Diagnostic } from '../diagnostics/types.js';
import { loadManifest } from '../load/index.js';
import type { Manifest } from '../types.js';
import { validateManifest, type ValidateOptions } from '../validate/index.js';

/** The outcome of checking one manifest file. */
export interface FileReport {
  /** The path as the user gave it (what diagnostics show). */
  file: string;
  /** The text read, for source excerpts (empty when the file could not be read). */
  source: string;
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

export interface ValidateFilesOptions extends ValidateOptions {
  /** Folder relative paths are read from. Default: process.cwd(). */
  cwd?: string;
}

/** Loads and validates each file offline; one file's problems never stop the others being checked. */
export async function validateFiles(files: readonly string[], options: ValidateFilesOptions = {}): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) {
    const loaded = await loadManifest(file, { cwd: options.cwd });
    const checked = validateManifest(loaded, options);
    const report: FileReport = { file, source: loaded.source, diagnostics: checked.diagnostics };
    if (checked.value) report.manifest = checked.value;
    reports.push(report);
  }
  return reports;
}
