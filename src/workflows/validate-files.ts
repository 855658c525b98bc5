import { diagnostic } from '../diagnostics/codes.js';
import { byPosition } from '../diagnostics/error.js';
import { classifyRepository } from '../git/classify-repository.js';
import { loadManifest } from '../load/load-manifest.js';
import type { LoadedManifest } from '../load/types.js';
import { resolveGitRefs } from '../resolve/git-refs.js';
import { KIND_KEYS, REVISION_FIELDS, SERVICE_KINDS } from '../kinds.js';
import type { Manifest, ServiceSpec } from '../types.js';
import { validateManifest, type ValidateOptions } from '../validate/validate-manifest.js';
import { interpolate } from '../validate/interpolate.js';
import { checkRevision } from '../validate/revision.js';
import { rangeAt } from '../load/positions.js';
import type { FileReport } from '../results.js';

export interface ValidateFilesOptions extends ValidateOptions {
  /** Folder relative paths are read from. Default: process.cwd(). */
  cwd?: string;
  /** Also check that every revision in a local repository resolves (git). Default: false. */
  git?: boolean;
  /** With `git`: never use the network, not even `git ls-remote origin` in a shallow clone. */
  offline?: boolean;
  /** The folder local `repository:` paths must stay in (default: see src/git/repository-location.ts). */
  workspace?: string;
  /** Environment for git and the workspace policy. Default: process.env. */
  gitEnv?: NodeJS.ProcessEnv;
}

/** Why validate refuses a `repository:` value (offline: no git, no network). */
export function repositoryProblem(value: string): string | undefined {
  const kind = classifyRepository(value);
  return kind.type === 'invalid' ? kind.reason : undefined;
}

interface CheckedFile extends FileReport {
  /** The parsed file, kept so that the git refs of an invalid file can still be checked. */
  loaded: LoadedManifest;
}

async function check(file: string, options: { cwd?: string | undefined; env?: ValidateOptions['env'] }): Promise<CheckedFile> {
  const loaded = await loadManifest(file, { cwd: options.cwd });
  const checked = validateManifest(loaded, { repositoryProblem, ...(options.env ? { env: options.env } : {}) });
  const report: CheckedFile = { file, source: loaded.source, diagnostics: checked.diagnostics, loaded };
  if (checked.value) {
    report.manifest = checked.value;
    // Valid, but it deploys nothing: most likely a list key is misplaced or the file is unfinished.
    if (checked.value.services.length === 0) {
      report.diagnostics.push(diagnostic('MANIFEST_NO_SERVICES', {}, rangeAt({ positions: loaded.positions, file }, ''), 'warning'));
    }
  }
  return report;
}

/** Loads and validates one file offline (pure apart from reading it): the first step of every command. */
export async function checkFile(file: string, options: { cwd?: string; env?: ValidateOptions['env'] } = {}): Promise<FileReport> {
  const { loaded: _loaded, ...report } = await check(file, options);
  return report;
}

/**
 * Loads and validates each file; one file's problems never stop the others being checked.
 * With `git`, the revisions of all files are resolved in one batch (one git process per
 * repository, whatever the number of files), also in files with other errors, so that every
 * problem is reported in one run.
 */
export async function validateFiles(files: readonly string[], options: ValidateFilesOptions = {}): Promise<FileReport[]> {
  const checked: CheckedFile[] = [];
  for (const file of files) checked.push(await check(file, options));
  if (options.git) {
    const manifests = checked.map((r) => r.manifest ?? revisionsOnly(r.loaded, options.env ?? {}));
    const refs = await resolveGitRefs(manifests, {
      localOnly: true,
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.gitEnv ? { env: options.gitEnv } : {}),
      ...(options.workspace ? { workspace: options.workspace } : {}),
      ...(options.offline ? { git: { offline: true } } : {}),
    });
    checked.forEach((report, i) => {
      if (refs[i]!.diagnostics.length === 0) return;
      report.diagnostics.push(...refs[i]!.diagnostics);
      report.diagnostics.sort(byPosition);
    });
  }
  return checked.map(({ loaded: _loaded, ...report }) => report);
}

/**
 * The revisions of a file that failed validation, as a manifest holding only them: each one that
 * is itself acceptable (a string, a revision git may be asked about, an accepted repository).
 */
function revisionsOnly(loaded: LoadedManifest, env: Readonly<Record<string, string | undefined>>): Manifest {
  const manifest: Manifest = { file: loaded.file, version: 1, environment: {}, services: [], positions: loaded.positions };
  const data = loaded.data;
  if (loaded.diagnostics.length > 0 || data === null || typeof data !== 'object' || Array.isArray(data)) return manifest;
  const expanded = interpolate({ data, positions: loaded.positions, source: loaded.source, env });
  const root = expanded.data as Record<string, unknown>;
  for (const kind of SERVICE_KINDS) {
    const list = root[KIND_KEYS[kind]];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, index) => {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return;
      const pointer = `/${KIND_KEYS[kind]}/${index}`;
      const written = (key: string) => {
        const value = (entry as Record<string, unknown>)[key];
        return typeof value === 'string' && !expanded.failed.has(`${pointer}/${key}`) ? value : undefined;
      };
      const spec: Record<string, string> = {};
      for (const { field, repository } of REVISION_FIELDS) {
        const ref = written(field);
        const repo = written(repository);
        if (ref === undefined || checkRevision(ref) !== undefined || (repo !== undefined && repositoryProblem(repo) !== undefined)) continue;
        spec[field] = ref;
        if (repo) spec[repository] = repo;
      }
      if (Object.keys(spec).length > 0) manifest.services.push({ kind, pointer, ...spec } as unknown as ServiceSpec);
    });
  }
  return manifest;
}
