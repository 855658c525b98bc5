import { dirname, resolve as resolvePath } from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { GitProblem, RepositoryLocation, RepositoryRequest, ResolveOptions as GitOptions } from '../git/index.js';
import type { Manifest, ResolvedRef } from '../types.js';
import { rangeAt } from '../validate/schema-errors.js';

/** Fields that hold a revision, and the field naming the repository it is resolved in. */
const REVISION_FIELDS = [
  { field: 'commit', repository: 'repository' },
  { field: 'values_override_commit', repository: 'values_override_repository' },
] as const;

export interface GitRefOptions {
  /** Folder the manifests' paths are relative to. Default: process.cwd(). */
  cwd?: string;
  /** Environment for git and for the workspace policy (GITHUB_WORKSPACE…). Default: process.env. */
  env?: NodeJS.ProcessEnv;
  /** The folder local repositories must stay in (see src/git/repository-location.ts). */
  workspace?: string;
  /** Resolve only revisions in local repositories (offline `validate`); remote ones are skipped. */
  localOnly?: boolean;
  git?: Pick<GitOptions, 'timeoutMs' | 'onSpawn' | 'offline'>;
}

/** Every revision of one manifest, by the JSON pointer of its field (`/jobs/1/commit`). */
export interface ManifestRefs {
  refs: Map<string, ResolvedRef>;
  diagnostics: Diagnostic[];
}

/**
 * Resolves the git revisions of many manifests at once, so a thousand files in one repository
 * still cost one git process. Problems come back as diagnostics at the field they are about.
 */
export async function resolveGitRefs(manifests: readonly Manifest[], options: GitRefOptions = {}): Promise<ManifestRefs[]> {
  const out: ManifestRefs[] = manifests.map(() => ({ refs: new Map(), diagnostics: [] }));
  const wanted = manifests.map((m) => ({ manifest: m, fields: revisionFields(m) }));
  if (wanted.every((w) => w.fields.length === 0)) return out;

  // Loaded only when there is a revision to resolve: `validate` of a file without one never pays for it.
  const git = await import('../git/index.js');
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const locations = new Map<string, Promise<RepositoryLocation | { problem: GitProblem }>>();
  const locate = (dir: string, value: string | undefined) => {
    const key = `${dir}\0${value ?? ''}`;
    let found = locations.get(key);
    if (!found) {
      found = git.resolveRepositoryLocation(value, dir, { env, ...(options.workspace ? { workspace: options.workspace } : {}) });
      locations.set(key, found);
    }
    return found;
  };

  const requests: RepositoryRequest[] = [];
  const owners = new Map<string, { index: number; pointer: string }>();
  for (const [index, { manifest, fields }] of wanted.entries()) {
    const dir = dirname(resolvePath(cwd, manifest.file));
    for (const { pointer, ref, repository, repositoryPointer } of fields) {
      const location = await locate(dir, repository);
      if ('problem' in location) {
        const at = repository === undefined ? pointer : repositoryPointer;
        out[index]!.diagnostics.push(toDiagnostic(location.problem, manifest, at));
        continue;
      }
      if (options.localOnly && location.type === 'remote') continue;
      const key = `${index}\0${pointer}`;
      owners.set(key, { index, pointer });
      requests.push({ location, revisions: [{ key, ref }] });
    }
  }

  const results = await git.resolveRevisions(requests, { cwd, env, ...options.git });
  for (const result of results) {
    const owner = owners.get(result.key);
    if (!owner) continue;
    const target = out[owner.index]!;
    if ('sha' in result) target.refs.set(owner.pointer, { ref: result.ref, sha: result.sha });
    else target.diagnostics.push(toDiagnostic(result.problem, manifests[owner.index]!, owner.pointer));
  }
  // Duplicate diagnostics (the same unreachable repository for several fields) are kept: each field is a fix.
  return out;
}

function revisionFields(manifest: Manifest) {
  const fields: { pointer: string; ref: string; repository?: string; repositoryPointer: string }[] = [];
  for (const service of manifest.services) {
    const entry = service as unknown as Record<string, string | undefined>;
    for (const { field, repository } of REVISION_FIELDS) {
      const ref = entry[field];
      if (ref === undefined) continue;
      const repo = entry[repository];
      fields.push({
        pointer: `${service.pointer}/${field}`,
        ref,
        ...(repo === undefined ? {} : { repository: repo }),
        repositoryPointer: `${service.pointer}/${repository}`,
      });
    }
  }
  return fields;
}

function toDiagnostic(problem: GitProblem, manifest: Manifest, pointer: string): Diagnostic {
  return diagnostic(problem.code, problem, rangeAt({ positions: manifest.positions, file: manifest.file }, pointer));
}
