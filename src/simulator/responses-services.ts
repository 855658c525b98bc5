/**
 * `GET /environment/{id}/services` items: one Qovery response shape per kind, carrying the
 * *configured* version where Qovery keeps it (Qovery rewrites it when a deploy call is accepted).
 * Resource fields Qovery requires but qovery-deploy never reads get fixed, plausible values.
 */
import type {
  ApplicationGitRepository,
  ContainerRegistryProviderDetailsResponse,
  ContainerSource,
  GitProviderEnum,
  JobResponse,
  ListServicesByEnvironmentId200ResponseResultsInner,
} from 'qovery-typescript-axios';
import type { SimService } from './state.js';

const ICON = 'app://qovery-console/';
const RESOURCES = { maximum_cpu: 4000, maximum_memory: 8192, maximum_gpu: 0, cpu: 500, memory: 512, gpu: 0 };

function providerOf(url: string): GitProviderEnum {
  if (url.includes('gitlab')) return 'GITLAB';
  if (url.includes('bitbucket')) return 'BITBUCKET';
  return 'GITHUB';
}

/** Qovery's git repository block, with `deployed_commit_id` set to the given version. */
export function gitRepository(url: string, branch: string, commit: string | null): ApplicationGitRepository {
  const parts = url.replace(/\.git$/, '').split('/').filter(Boolean);
  const repo: ApplicationGitRepository = {
    has_access: true,
    provider: providerOf(url),
    owner: parts.at(-2) ?? 'acme',
    url,
    name: parts.slice(-2).join('/'),
    branch,
    root_path: '/',
  };
  if (commit !== null) repo.deployed_commit_id = commit;
  return repo;
}

/** Splits `ghcr.io/acme/web` into Qovery's registry and registry-relative image name. */
export function registryOf(image: string): { registry: ContainerRegistryProviderDetailsResponse; imageName: string } {
  const [first, ...rest] = image.split('/');
  const hasHost = rest.length > 0 && first !== undefined && /[.:]/.test(first);
  const host = hasHost ? (first as string) : 'docker.io';
  const kind = host === 'ghcr.io' ? 'GITHUB_CR' : host === 'docker.io' ? 'DOCKER_HUB' : 'GENERIC_CR';
  return {
    registry: { id: 'aa000000-0000-4000-8000-000000000001', name: host, url: `https://${host}`, kind },
    imageName: hasHost ? rest.join('/') : image,
  };
}

function imageSource(svc: SimService): ContainerSource {
  const { registry, imageName } = registryOf(svc.repository);
  return { image_name: imageName, tag: svc.configured ?? '', registry_id: registry.id, registry };
}

function jobOf(svc: SimService, base: Record<string, unknown>): JobResponse {
  const source = svc.source === 'image'
    ? { image: imageSource(svc) }
    : { docker: { git_repository: gitRepository(svc.repository, svc.branch, svc.configured), dockerfile_path: 'Dockerfile' } };
  const common = {
    ...(base as { id: string; created_at: string; environment: { id: string }; name: string; icon_uri: string }),
    ...RESOURCES,
    auto_preview: false,
    auto_deploy: false,
    healthchecks: {},
    service_type: 'JOB' as const,
    source,
  };
  if (svc.jobType === 'CRON') {
    return { ...common, job_type: 'CRON', schedule: { cronjob: { timezone: 'Etc/UTC', scheduled_at: svc.schedule ?? '0 3 * * *' } } };
  }
  return { ...common, job_type: 'LIFECYCLE', schedule: { on_start: {}, lifecycle_type: 'GENERIC' } };
}

/** One `/services` item for a service, discriminated by `service_type`. */
export function serviceResponse(svc: SimService): ListServicesByEnvironmentId200ResponseResultsInner {
  const base = {
    id: svc.id,
    created_at: svc.createdAt,
    environment: { id: svc.environmentId },
    name: svc.name,
    icon_uri: `${ICON}${svc.kind}`,
  };
  switch (svc.kind) {
    case 'application':
      return {
        ...base,
        service_type: 'APPLICATION',
        git_repository: gitRepository(svc.repository, svc.branch, svc.configured),
        build_mode: 'DOCKER',
        dockerfile_path: 'Dockerfile',
        healthchecks: {},
        auto_deploy: false,
        min_running_instances: 1,
        max_running_instances: 1,
        cpu: RESOURCES.cpu,
        memory: RESOURCES.memory,
      };
    case 'container': {
      const { registry, imageName } = registryOf(svc.repository);
      return {
        ...base,
        ...RESOURCES,
        service_type: 'CONTAINER',
        image_name: imageName,
        tag: svc.configured ?? '',
        registry_id: registry.id,
        registry,
        min_running_instances: 1,
        max_running_instances: 1,
        healthchecks: {},
        auto_preview: false,
        auto_deploy: false,
      };
    }
    case 'database':
      return {
        ...base,
        service_type: 'DATABASE',
        type: svc.databaseType ?? 'POSTGRESQL',
        version: svc.configured ?? '',
        mode: svc.databaseMode ?? 'CONTAINER',
        accessibility: 'PRIVATE',
      };
    case 'job':
      return { ...jobOf(svc, base), service_type: 'JOB' };
    case 'helm':
      return {
        ...base,
        service_type: 'HELM',
        auto_preview: false,
        auto_deploy: false,
        arguments: [],
        allow_cluster_wide_resources: false,
        source: svc.source === 'chart'
          ? {
              repository: {
                chart_name: svc.chartName ?? svc.name,
                chart_version: svc.configured ?? '',
                repository: { id: 'bb000000-0000-4000-8000-000000000001', name: 'charts', url: svc.repository },
              },
            }
          : { git: { git_repository: gitRepository(svc.repository, svc.branch, svc.configured) } },
        values_override: {
          set: [],
          set_string: [],
          set_json: [],
          file: svc.valuesOverride
            ? {
                git: {
                  git_repository: gitRepository(svc.valuesOverride.repository, 'main', svc.valuesOverride.configured),
                  paths: ['values.yaml'],
                },
              }
            : null,
        },
      };
    case 'terraform':
      return {
        ...base,
        service_type: 'TERRAFORM',
        timeout_sec: 1800,
        auto_deploy: false,
        terraform_files_source: { git: { git_repository: gitRepository(svc.repository, svc.branch, svc.configured) } },
        terraform_variables_source: { tf_var_file_paths: [], tf_vars: [] },
        engine: 'TERRAFORM',
        backend: { kubernetes: {} },
        provider_version: { read_from_terraform_block: false, explicit_version: '1.9.0' },
        job_resources: { cpu_milli: 500, ram_mib: 512, gpu: 0, storage_gib: 1 },
        use_cluster_credentials: false,
        action_extra_arguments: {},
      };
  }
}
