import type {
  DeployAllRequest,
  DeployAllRequestApplicationsInner,
  DeployAllRequestContainersInner,
  DeployAllRequestHelmsInner,
  DeployAllRequestJobsInner,
  TerraformDeployRequest,
} from 'qovery-typescript-axios';
import type { DeployRequest, ResolvedManifest, ResolvedService } from '../types.js';

export interface CompileOptions {
  /** Compile only these service UUIDs (the plan's `deploy` entries). Default: every service. */
  serviceIds?: ReadonlySet<string>;
}

/**
 * Turns a resolved manifest into the exact requests `apply` sends (pure). One
 * `POST /environment/{id}/service/deploy` carries every service except terraforms with an explicit
 * action, which go one by one to `POST /terraform/{id}/deploy`, as Qovery's own CLI does. Kinds
 * with nothing to deploy are left out of the body, not sent as empty arrays; no services, no request.
 * The body types are Qovery's generated models, so a field name Qovery does not know fails the build.
 */
export function compileRequests(resolved: ResolvedManifest, options: CompileOptions = {}): DeployRequest[] {
  const selected = resolved.services.filter((s) => !options.serviceIds || options.serviceIds.has(s.id));
  const applications: DeployAllRequestApplicationsInner[] = [];
  const databases: string[] = [];
  const containers: DeployAllRequestContainersInner[] = [];
  const jobs: DeployAllRequestJobsInner[] = [];
  const helms: DeployAllRequestHelmsInner[] = [];
  const terraforms: TerraformDeployRequest[] = [];
  const batched: ResolvedService[] = [];
  const requests: DeployRequest[] = [];

  for (const service of selected) {
    const d = service.desired;
    switch (d.kind) {
      case 'application':
        applications.push({ application_id: service.id, git_commit_id: d.commit.sha });
        break;
      case 'database':
        databases.push(service.id);
        break;
      case 'container':
        containers.push({ id: service.id, image_tag: d.image_tag });
        break;
      case 'job':
        jobs.push(d.source === 'git' ? { id: service.id, git_commit_id: d.commit.sha } : { id: service.id, image_tag: d.image_tag });
        break;
      case 'helm': {
        const helm: DeployAllRequestHelmsInner =
          d.source === 'git' ? { id: service.id, git_commit_id: d.commit.sha } : { id: service.id, chart_version: d.chart_version };
        if (d.values_override_commit) helm.values_override_git_commit_id = d.values_override_commit.sha;
        helms.push(helm);
        break;
      }
      case 'terraform':
        if (d.action) {
          requests.push({
            kind: 'terraform-action',
            method: 'POST',
            path: `/terraform/${encodeURIComponent(service.id)}/deploy`,
            body: { git_commit_id: d.commit.sha, action: d.action },
            serviceIds: [service.id],
          });
          continue;
        }
        terraforms.push({ id: service.id, git_commit_id: d.commit.sha });
        break;
    }
    batched.push(service);
  }

  const body: DeployAllRequest = {};
  if (applications.length > 0) body.applications = applications;
  if (databases.length > 0) body.databases = databases;
  if (containers.length > 0) body.containers = containers;
  if (jobs.length > 0) body.jobs = jobs;
  if (helms.length > 0) body.helms = helms;
  if (terraforms.length > 0) body.terraforms = terraforms;
  if (batched.length === 0) return requests;

  // Service ids in body order, so a report lists them as Qovery will see them.
  const order = [
    ...applications.map((a) => a.application_id),
    ...databases,
    ...containers.map((c) => c.id),
    ...jobs.map((j) => j.id ?? ''),
    ...helms.map((h) => h.id ?? ''),
    ...terraforms.map((t) => t.id ?? ''),
  ];
  return [
    {
      kind: 'deploy-all',
      method: 'POST',
      path: `/environment/${encodeURIComponent(resolved.environmentId)}/service/deploy`,
      body,
      serviceIds: order,
    },
    ...requests,
  ];
}
