/**
 * The deployment queue and the clock-driven state machine. One request runs at a time per
 * environment; the others wait. Time is never ticked by a timer: `advance()` replays every
 * transition that is due from timestamps, so results do not depend on when the model is read.
 */
import { randomUUID } from 'node:crypto';
import type { DeploymentHistoryTriggerAction } from 'qovery-typescript-axios';
import type {
  SimDeploymentItem,
  SimDeploymentRequest,
  SimEnvironment,
  SimFailureLog,
  SimResult,
  SimService,
  SimServiceRun,
  SimState,
  SimTerraformAction,
} from './state.js';

export interface EnqueueInput {
  environmentId: string;
  ownerKey: string;
  triggeredBy: string;
  triggerAction: DeploymentHistoryTriggerAction;
  terraformAction: SimTerraformAction | null;
  items: SimDeploymentItem[];
  foreign: boolean;
}

/** Queues a deployment request, or merges it into the same owner's request that has not started. */
export function enqueue(state: SimState, input: EnqueueInput): { request: SimDeploymentRequest; merged: boolean } {
  const now = state.at;
  // Qovery merges requests "from the same user with the same action" while they are still queued.
  let request = input.foreign
    ? undefined
    : state.requestsOf(input.environmentId).find(
        (r) =>
          r.status === 'QUEUED' &&
          !r.foreign &&
          r.ownerKey === input.ownerKey &&
          r.triggerAction === input.triggerAction &&
          r.terraformAction === input.terraformAction,
      );
  const merged = request !== undefined;
  if (!request) {
    request = {
      id: randomUUID(),
      seq: state.nextSeq(),
      environmentId: input.environmentId,
      ownerKey: input.ownerKey,
      triggeredBy: input.triggeredBy,
      triggerAction: input.triggerAction,
      terraformAction: input.terraformAction,
      foreign: input.foreign,
      items: [],
      serviceIds: [],
      status: 'QUEUED',
      queuedAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: null,
      executionId: null,
      runs: [],
      mergeCount: 0,
    };
    state.requests.push(request);
  } else {
    request.mergeCount += 1;
    request.updatedAt = now;
  }
  for (const item of input.items) {
    const existing = request.items.findIndex((i) => i.serviceId === item.serviceId);
    // A later call replaces the item whole: its terraform action too, even when it has none.
    if (existing !== -1) request.items[existing] = { ...item };
    else {
      request.items.push({ ...item });
      request.serviceIds.push(item.serviceId);
    }
    // "Update and deploy": the configured version changes as soon as the call is accepted
    // (a restart or a stop carries no version and changes none).
    const svc = state.services.get(item.serviceId);
    if (!svc) continue;
    if (setsVersion(input.triggerAction)) {
      if (item.version !== null) svc.configured = item.version;
      if (svc.valuesOverride && item.valuesOverride !== null) svc.valuesOverride.configured = item.valuesOverride;
    }
    svc.deploymentRequestId = request.id;
    svc.lastTerraformAction = svc.kind === 'terraform' ? (item.terraformAction ?? null) : null;
    svc.lastTriggerAction = input.triggerAction;
  }
  return { request, merged };
}

/** Whether a request of this trigger action carries versions: deploys and terraform actions do; RESTART, STOP, DELETE… do not. */
export function setsVersion(trigger: DeploymentHistoryTriggerAction): boolean {
  return trigger === 'DEPLOY' || trigger === 'DEPLOY_DRY_RUN' || trigger.startsWith('TERRAFORM_');
}

/** Replays every transition due by now, in every environment. */
export function advance(state: SimState): void {
  // Monotonic: a clock that steps back must not undo what was already observed.
  state.at = Math.max(state.at, state.clock());
  for (const env of state.environments.values()) advanceEnvironment(state, env, state.at);
}

function advanceEnvironment(state: SimState, env: SimEnvironment, now: number): void {
  for (;;) {
    const requests = state.requestsOf(env.id);
    const running = requests.find((r) => r.status === 'RUNNING');
    if (running) {
      for (const run of running.runs) {
        if (run.result === null && run.endAt <= now) finalizeRun(state, running, run, run.outcome as SimResult, run.endAt);
      }
      if (running.runs.some((run) => run.result === null)) return;
      finishRequest(env, running);
      continue;
    }
    const next = requests.find((r) => r.status === 'QUEUED');
    if (!next) return;
    // A request waits `queuedMs` in the queue (where same-owner calls merge into it), and longer
    // while another request of the environment runs.
    const startAt = Math.max(next.queuedAt + state.stages.queuedMs, env.busyUntil);
    if (startAt > now) return;
    startRequest(state, env, next, startAt);
  }
}

function startRequest(state: SimState, env: SimEnvironment, request: SimDeploymentRequest, at: number): void {
  env.executionCounter += 1;
  request.executionId = `${env.id}-${env.executionCounter}`;
  request.status = 'RUNNING';
  request.startedAt = at;
  request.updatedAt = at;
  const { buildingMs, deployingMs } = state.stages;
  request.runs = request.items.map((item): SimServiceRun => {
    const svc = state.services.get(item.serviceId);
    if (svc) svc.lastExecutionId = request.executionId;
    const hasBuild = svc?.kind !== 'database';
    const buildAt = hasBuild ? at : null;
    const deployAt = at + (hasBuild ? buildingMs : 0);
    const { outcome, log } = takeOutcome(state, item.serviceId, item.version);
    let endAt = deployAt + deployingMs;
    if (outcome === 'BUILD_ERROR') endAt = deployAt;
    if (outcome === 'HANG') endAt = Infinity;
    return { ...item, outcome, startAt: at, buildAt, deployAt, endAt, result: null, finishedAt: null, ...(log ? { log } : {}) };
  });
}

function takeOutcome(state: SimState, serviceId: string, version: string | null): { outcome: SimResult | 'HANG'; log?: SimFailureLog } {
  const index = state.outcomeRules.findIndex(
    (rule) => rule.serviceId === serviceId && (rule.version === undefined || rule.version === version),
  );
  const rule = state.outcomeRules[index];
  if (!rule) return { outcome: 'DEPLOYED' };
  rule.remaining -= 1;
  if (rule.remaining <= 0) state.outcomeRules.splice(index, 1);
  return { outcome: rule.result, ...(rule.log ? { log: rule.log } : {}) };
}

function finalizeRun(state: SimState, request: SimDeploymentRequest, run: SimServiceRun, result: SimResult, at: number): void {
  run.result = result;
  run.finishedAt = at;
  const svc = state.services.get(run.serviceId);
  if (!svc) return;
  svc.lastResult = result;
  svc.restingState = result;
  svc.lastDeploymentAt = at;
  // Only a DEPLOY changes what runs: a terraform PLAN / FORCE_UNLOCK / MIGRATE_STATE, a restart or a stop does not.
  if (result === 'DEPLOYED' && run.terraformAction === undefined && request.triggerAction === 'DEPLOY') {
    if (run.version !== null) svc.deployed = run.version;
    if (svc.valuesOverride && run.valuesOverride !== null) svc.valuesOverride.deployed = run.valuesOverride;
  }
}

function finishRequest(env: SimEnvironment, request: SimDeploymentRequest): void {
  const results = request.runs.map((run) => run.result);
  request.status = results.some((r) => r === 'BUILD_ERROR' || r === 'DEPLOYMENT_ERROR')
    ? 'ERROR'
    : results.includes('CANCELED')
      ? 'CANCELED'
      : 'SUCCESS';
  request.finishedAt = Math.max(request.startedAt ?? 0, ...request.runs.map((run) => run.finishedAt ?? 0));
  request.updatedAt = request.finishedAt;
  env.busyUntil = request.finishedAt;
}

/**
 * Cancels a request: a queued one never runs (CANCELED at once); a running one's unfinished
 * services go CANCELING for `cancelingMs`, then CANCELED. False when it is finished or already
 * being cancelled (the spec's 409).
 */
export function cancelRequest(state: SimState, request: SimDeploymentRequest): boolean {
  const now = state.at;
  if (request.status === 'QUEUED') {
    // It never runs, but it is history: give it an execution id like any other.
    const env = state.environments.get(request.environmentId);
    if (env) {
      env.executionCounter += 1;
      request.executionId = `${env.id}-${env.executionCounter}`;
    }
    request.status = 'CANCELED';
    request.finishedAt = now;
    request.updatedAt = now;
    return true;
  }
  if (request.status !== 'RUNNING' || isCanceling(request)) return false;
  for (const run of request.runs) {
    if (run.result !== null) continue;
    run.cancelingAt = now;
    run.outcome = 'CANCELED';
    run.endAt = now + state.stages.cancelingMs;
  }
  return true;
}

/** Whether a cancel of this running request is under way. */
export function isCanceling(request: SimDeploymentRequest): boolean {
  return request.runs.some((run) => run.result === null && run.cancelingAt !== undefined);
}

/** The request running in an environment, if any. */
export function runningRequest(state: SimState, environmentId: string): SimDeploymentRequest | undefined {
  return state.requestsOf(environmentId).find((r) => r.status === 'RUNNING');
}

/** Records a deployment done outside the simulated API ("someone else deployed"), already finished. */
export function recordOutOfBand(state: SimState, svc: SimService, version: string, triggeredBy: string): SimDeploymentRequest {
  const now = state.at;
  const env = state.environments.get(svc.environmentId) as SimEnvironment;
  env.executionCounter += 1;
  const valuesOverride = svc.valuesOverride?.configured ?? null;
  const request: SimDeploymentRequest = {
    id: randomUUID(),
    seq: state.nextSeq(),
    environmentId: env.id,
    ownerKey: `out-of-band:${randomUUID()}`,
    triggeredBy,
    triggerAction: 'DEPLOY',
    terraformAction: null,
    foreign: true,
    items: [{ serviceId: svc.id, version, valuesOverride }],
    serviceIds: [svc.id],
    status: 'SUCCESS',
    queuedAt: now,
    updatedAt: now,
    startedAt: now,
    finishedAt: now,
    executionId: `${env.id}-${env.executionCounter}`,
    runs: [],
    mergeCount: 0,
  };
  request.runs.push({
    serviceId: svc.id, version, valuesOverride, outcome: 'DEPLOYED', startAt: now, buildAt: null, deployAt: now,
    endAt: now, result: 'DEPLOYED', finishedAt: now,
  });
  state.requests.push(request);
  svc.configured = version;
  svc.deployed = version;
  svc.lastResult = 'DEPLOYED';
  svc.restingState = 'DEPLOYED';
  svc.lastDeploymentAt = now;
  svc.lastExecutionId = request.executionId;
  svc.deploymentRequestId = request.id;
  svc.lastTriggerAction = 'DEPLOY';
  return request;
}
