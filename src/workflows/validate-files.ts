import type { Diagnostic } from '../diagnostics/types.js';
import { classifyRepository } from '../git/classify-repository.js';
import { loadManifest } from '../load/index.js';
import { resolveGitRefs } from '../resolve/git-refs.js';
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
  /** Also check that every revision in a local repository resolves (git, offline). Default: false. */
  git?: boolean;
  /** Environment for git and the workspace policy. Default: process.env. */
  gitEnv?: NodeJS.ProcessEnv;
}

/** Why validate refuses a `repository:` value (offline: no git, no network). */
export function repositoryProblem(value: string): string | undefined {
  const kind = classifyRepository(value);
  return kind.type === 'invalid' ? kind.reason : undefined;
}

/** Loads and validates one file offline (pure apart from reading it): the first step of every command. */
export async function checkFile(file: string, options: { cwd?: string; env?: ValidateOptions['env'] } = {}): Promise<FileReport> {
  const loaded = await loadManifest(file, { cwd: options.cwd });
  const checked = validateManifest(loaded, { repositoryProblem, ...(options.env ? { env: options.env } : {}) });
  const report: FileReport = { file, source: loaded.source, diagnostics: checked.diagnostics };
  if (checked.value) report.manifest = checked.value;
  return report;
}

/**
 * Loads and validates each file offline; one file's problems never stop the others being checked.
 * With `git`, the revisions of all valid files are resolved in one batch: one git process per
 * repository, whatever the number of files.
 */
export async function validateFiles(files: readonly string[], options: ValidateFilesOptions = {}): Promise<FileReport[]> {
  const reports: FileReport[] = [];
  for (const file of files) reports.push(await checkFile(file, options));
  if (options.git) {
    const valid = reports.filter((r): r is FileReport & { manifest: Manifest } => r.manifest !== undefined);
    const refs = await resolveGitRefs(
      valid.map((r) => r.manifest),
      { localOnly: true, ...(options.cwd ? { cwd: options.cwd } : {}), ...(options.gitEnv ? { env: options.gitEnv } : {}) },
    );
    valid.forEach((report, i) => report.diagnostics.push(...refs[i]!.diagnostics));
  }
  return reports;
}
