import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import type { EnvironmentField, NameLookup, ServiceIdentity } from '../resolve/types.js';
import type { EnvironmentSpec } from '../types.js';
import type { QoveryClient } from './client.js';
import { parseServices } from './live-state.js';
import { eachOf, needId, needObject, needString } from './shape.js';

interface Named {
  id: string;
  name: string;
}

/**
 * The `results[]{id, name}` of Qovery's list answers (organizations, projects, environments).
 * Throws a `ShapeError` when the answer is not such a list: never an empty list by mistake.
 */
export function parseNamedList(body: unknown): Named[] {
  return eachOf(needObject(body, 'the answer').results, 'results').map(({ item, at }) => ({
    id: needId(item.id, `${at}.id`),
    name: needString(item.name, `${at}.name`),
  }));
}

type Pick1 = { found: Named } | { diagnostic: Diagnostic };

/** One match by name, case-insensitively (Qovery's rule); zero or several is an error listing the candidates. */
export function pickByName(list: readonly Named[], name: string, what: string): Pick1 {
  const matches = list.filter((item) => item.name.toLowerCase() === name.toLowerCase());
  if (matches.length === 1) return { found: matches[0]! };
  if (matches.length > 1) {
    return { diagnostic: diagnostic('NAME_AMBIGUOUS', { what, name, candidates: matches.map((m) => `${m.name} (${m.id})`) }) };
  }
  return { diagnostic: diagnostic('ENVIRONMENT_NOT_FOUND', { what, name, candidates: list.map((m) => m.name) }) };
}

/**
 * Name look-ups through the list endpoints: organization → project → environment, and the
 * environment's services. Each list is read at most once per run. `signal` ends them all (apply's
 * --timeout, an interrupt).
 */
export function apiNameLookup(client: QoveryClient, options: { signal?: AbortSignal } = {}): NameLookup {
  // Shapes are checked inside each read's retries: a wrong one is an API error, not "no such name".
  const cache = new Map<string, Promise<unknown>>();
  const get = <T>(path: string, parse: (body: unknown) => T): Promise<T> => {
    let body = cache.get(path);
    if (!body) {
      body = client.get(path, { parse, ...(options.signal ? { signal: options.signal } : {}) });
      cache.set(path, body);
    }
    return body as Promise<T>;
  };
  const list = (path: string) => get(path, parseNamedList);

  const byNames = async (spec: EnvironmentSpec): Promise<{ id: string; org: Named; project: Named; env: Named } | { diagnostic: Diagnostic; field: EnvironmentField }> => {
    const org = pickByName(await list('/organization'), spec.organization!, 'organization');
    if ('diagnostic' in org) return { ...org, field: 'organization' };
    const project = pickByName(await list(`/organization/${encodeURIComponent(org.found.id)}/project`), spec.project!, 'project');
    if ('diagnostic' in project) return { ...project, field: 'project' };
    const env = pickByName(await list(`/project/${encodeURIComponent(project.found.id)}/environment`), spec.name!, 'environment');
    if ('diagnostic' in env) return { ...env, field: 'name' };
    return { id: env.found.id, org: org.found, project: project.found, env: env.found };
  };

  return {
    async environment(spec) {
      const named = await byNames(spec);
      if ('diagnostic' in named) return named;
      if (spec.id !== undefined && spec.id !== named.id) {
        // The id and the names point at two environments: a file copied from another environment.
        return {
          diagnostic: diagnostic('ENVIRONMENT_MISMATCH', {
            id: spec.id,
            names: `${named.org.name}/${named.project.name}/${named.env.name}`,
            namesId: named.id,
          }),
          field: 'id',
        };
      }
      return { id: named.id };
    },
    async services(environmentId): Promise<ServiceIdentity[]> {
      const services = await get(`/environment/${encodeURIComponent(environmentId)}/services`, parseServices);
      return services.map(({ id, name, kind }) => ({ id, name, kind }));
    },
  };
}
