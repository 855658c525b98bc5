/**
 * Environments as a whole (the calls `preview` makes): read one, list a project's, clone, delete,
 * and the services' public links. Reads are retried by the client; clone and delete are sent
 * once per call and their outcome classified, for the caller to reconcile.
 */
import type { PostOutcome, QoveryClient } from './client.js';
import { eachOf, maybeString, needId, needObject, needString, type Json } from './shape.js';

/** An environment as `GET /environment/{id}` and `GET /project/{id}/environment` describe it. */
export interface EnvironmentInfo {
  id: string;
  name: string;
  /** `EnvironmentModeEnum`: DEVELOPMENT, PREVIEW, PRODUCTION, STAGING (unknown values kept as text). */
  mode: string;
  projectId: string;
}

/** The body of `POST /environment/{id}/clone` (`CloneEnvironmentRequest`). */
export interface CloneEnvironmentRequest {
  name: string;
  mode?: 'DEVELOPMENT' | 'PREVIEW' | 'PRODUCTION' | 'STAGING';
  apply_deployment_rule?: boolean;
  cluster_id?: string;
  project_id?: string;
}

/** One public link of a service (`Link` of `listEnvironmentServicesLinks`). */
export interface ServiceLink {
  serviceId: string;
  url: string;
  isDefault: boolean;
}

const enc = encodeURIComponent;

/** Parses one `Environment`; throws a `ShapeError` naming the field when it is not one. */
export function parseEnvironment(raw: unknown, at = 'the answer'): EnvironmentInfo {
  const env: Json = needObject(raw, at);
  return {
    id: needId(env.id, `${at}.id`),
    name: needString(env.name, `${at}.name`),
    mode: needString(env.mode, `${at}.mode`),
    projectId: needId(needObject(env.project, `${at}.project`).id, `${at}.project.id`),
  };
}

/** Parses `EnvironmentResponseList`. */
export function parseEnvironmentList(body: unknown): EnvironmentInfo[] {
  return eachOf(needObject(body, 'the answer').results, 'results').map(({ item, at }) => parseEnvironment(item, at));
}

/** Parses `LinkResponseList`; links without a URL are left out. */
export function parseLinks(body: unknown): ServiceLink[] {
  return eachOf(needObject(body, 'the answer').results, 'results').flatMap(({ item, at }) => {
    const url = maybeString(item.url, `${at}.url`);
    return url ? [{ serviceId: needId(item.service_id, `${at}.service_id`), url, isDefault: item.is_default === true }] : [];
  });
}

/** `GET /environment/{id}` (`getEnvironment`). */
export function getEnvironment(client: QoveryClient, id: string, signal?: AbortSignal): Promise<EnvironmentInfo> {
  return client.get(`/environment/${enc(id)}`, { parse: (body) => parseEnvironment(body), ...(signal ? { signal } : {}) });
}

/** `GET /project/{id}/environment` (`listEnvironment`). */
export function listEnvironments(client: QoveryClient, projectId: string, signal?: AbortSignal): Promise<EnvironmentInfo[]> {
  return client.get(`/project/${enc(projectId)}/environment`, { parse: parseEnvironmentList, ...(signal ? { signal } : {}) });
}

/** `GET /environment/{id}/link` (`listEnvironmentServicesLinks`). */
export function listServiceLinks(client: QoveryClient, id: string, signal?: AbortSignal): Promise<ServiceLink[]> {
  return client.get(`/environment/${enc(id)}/link`, { parse: parseLinks, ...(signal ? { signal } : {}) });
}

/** The path of `cloneEnvironment`. */
export const clonePath = (sourceId: string): string => `/environment/${enc(sourceId)}/clone`;

/** `POST /environment/{id}/clone` (`cloneEnvironment`), sent once. */
export function cloneEnvironment(client: QoveryClient, sourceId: string, body: CloneEnvironmentRequest): Promise<PostOutcome> {
  return client.post(clonePath(sourceId), body);
}

/** `DELETE /environment/{id}` (`deleteEnvironment`), sent once; 204 when accepted. */
export function deleteEnvironment(client: QoveryClient, id: string): Promise<PostOutcome> {
  return client.delete(`/environment/${enc(id)}`);
}
