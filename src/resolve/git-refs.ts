import { dirname, resolve as resolvePath } from 'node:path';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { GitProblem, RepositoryLocation, RepositoryRequest, ResolveOptions as GitOptions } from '../git/index.js';
import { REVISION_FIELDS } from '../kinds.js';
import type { Manifest, ResolvedRef } from '../types.js';
import { rangeAt } from '../load/positions.js';


/** Problems about a whole repository (reported once per manifest), not about one revision. */
const REPOSITORY_PROBLEMS = new Set<GitProblem['code']>(['GIT_BARE_REPOSITORY', 'GIT_REPOSITORY_CONFIG_REFUSED']);

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
  const locationOptions = { env, ...(options.workspace ? { workspace: options.workspace } : {}) };
  const locations = new Map<string, Promise<RepositoryLocation | { problem: GitProblem }>>();
  const workspaces = new Map<string, Promise<string>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> => {
    const found = cache.get(key) ?? make();
    cache.set(key, found);
    return found;
  };

  const requests: RepositoryRequest[] = [];
  const owners = new Map<string, { index: number; pointer: string; repositoryPointer: string | undefined }>();
  for (const [index, { manifest, fields }] of wanted.entries()) {
    const dir = dirname(resolvePath(cwd, manifest.file));
    for (const { pointer, ref, repository, repositoryPointer } of fields) {
      const location = await once(locations, `${dir}\0${repository ?? ''}`, () => git.resolveRepositoryLocation(repository, dir, locationOptions));
      if ('problem' in location) {
        const at = repository === undefined ? pointer : repositoryPointer;
        out[index]!.diagnostics.push(toDiagnostic(location.problem, manifest, at));
        continue;
      }
      if (options.localOnly && location.type === 'remote') continue;
      const key = `${index}\0${pointer}`;
      owners.set(key, { index, pointer, repositoryPointer: repository === undefined ? undefined : repositoryPointer });
      const workspace = await once(workspaces, dir, () => git.workspaceFor(dir, locationOptions));
      requests.push({ location, revisions: [{ key, ref }], workspace });
    }
  }

  const results = await git.resolveRevisions(requests, { env, ...options.git });
  const reported = out.map(() => new Set<string>());
  for (const result of results) {
    const owner = owners.get(result.key);
    if (!owner) continue;
    const target = out[owner.index]!;
    if ('sha' in result) {
      target.refs.set(owner.pointer, { ref: result.ref, sha: result.sha });
    } else if (REPOSITORY_PROBLEMS.has(result.problem.code)) {
      // About the repository, not the revision: said once, at its repository: field (or the first revision).
      const seen = reported[owner.index]!;
      if (seen.has(result.problem.summary)) continue;
      seen.add(result.problem.summary);
      target.diagnostics.push(toDiagnostic(result.problem, manifests[owner.index]!, owner.repositoryPointer ?? owner.pointer));
    } else {
      target.diagnostics.push(toDiagnostic(result.problem, manifests[owner.index]!, owner.pointer));
    }
  }
  // Other duplicate diagnostics (the same unreachable repository for several fields) are kept: each field is a fix.
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
