import { kindOf } from '../kinds.js';
import { DEPLOY_ALL_LISTS, type DeployAllRequest } from '../qovery/api-types.js';
import type { DeployRequest, ResolvedManifest } from '../types.js';

export interface CompileOptions {
  /** Compile only these service UUIDs (the plan's `deploy` entries). Default: every service. */
  serviceIds?: ReadonlySet<string>;
}

/**
 * Turns a resolved manifest into the exact requests `apply` sends (pure). One
 * `POST /environment/{id}/service/deploy` carries every service except terraforms with an explicit
 * action, which go one by one to `POST /terraform/{id}/deploy`, as Qovery's own CLI does. Each
 * kind's entry in src/kinds.ts says where its services go; a kind the table lacks throws rather
 * than dropping out of the body. Kinds with nothing to deploy are left out of the body, not sent
 * as empty arrays; no services, no request.
 */
export function compileRequests(resolved: ResolvedManifest, options: CompileOptions = {}): DeployRequest[] {
  const selected = resolved.services.filter((s) => !options.serviceIds || options.serviceIds.has(s.id));
  const lists = new Map<keyof DeployAllRequest, { items: unknown[]; ids: string[] }>();
  const actions: DeployRequest[] = [];

  for (const service of selected) {
    const compiled = kindOf(service.desired.kind).compile(service.id, service.desired);
    if ('terraformAction' in compiled) {
      actions.push({
        kind: 'terraform-action',
        method: 'POST',
        path: `/terraform/${encodeURIComponent(service.id)}/deploy`,
        body: compiled.terraformAction,
        serviceIds: [service.id],
      });
      continue;
    }
    const list = lists.get(compiled.list) ?? { items: [], ids: [] };
    list.items.push(compiled.item);
    list.ids.push(service.id);
    lists.set(compiled.list, list);
  }
  if (lists.size === 0) return actions;

  // The spec's list order, and service ids in body order, so a report lists them as Qovery will see them.
  const body: Record<string, unknown[]> = {};
  const serviceIds: string[] = [];
  for (const key of DEPLOY_ALL_LISTS) {
    const list = lists.get(key);
    if (!list) continue;
    body[key] = list.items;
    serviceIds.push(...list.ids);
  }
  return [
    {
      kind: 'deploy-all',
      method: 'POST',
      path: `/environment/${encodeURIComponent(resolved.environmentId)}/service/deploy`,
      body: body as DeployAllRequest,
      serviceIds,
    },
    ...actions,
  ];
}
