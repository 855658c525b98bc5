/**
 * What a client sees of the state machine at the model's current time: a run's stage, a
 * request's aggregate state, a service's live state and its `status_details`.
 */
import type { DeploymentHistoryTriggerAction, ServiceActionEnum, ServiceSubActionEnum, StateEnum, StatusDetails } from 'qovery-typescript-axios';
import {
  isUnfinished,
  type SimDeploymentRequest,
  type SimService,
  type SimServiceRun,
  type SimState,
  type SimTerraformAction,
} from './state.js';

/** The state of one service's run at the model's current time. */
export function runState(run: SimServiceRun, now: number): StateEnum {
  if (run.result !== null) return run.result;
  if (run.cancelingAt !== undefined && now >= run.cancelingAt) return 'CANCELING';
  if (now < (run.buildAt ?? run.deployAt)) return 'DEPLOYMENT_QUEUED';
  if (now < run.deployAt) return 'BUILDING';
  return 'DEPLOYING';
}

/** Aggregate state of a request: queued, the furthest stage reached, or how it ended. */
export function requestState(request: SimDeploymentRequest, now: number): StateEnum {
  switch (request.status) {
    case 'QUEUED':
      return 'DEPLOYMENT_QUEUED';
    case 'SUCCESS':
      return 'DEPLOYED';
    case 'CANCELED':
      return 'CANCELED';
    case 'ERROR': {
      const failed = request.runs.find((run) => run.result === 'BUILD_ERROR' || run.result === 'DEPLOYMENT_ERROR');
      return failed?.result ?? 'DEPLOYMENT_ERROR';
    }
    case 'RUNNING': {
      const states = request.runs.filter((run) => run.result === null).map((run) => runState(run, now));
      if (states.includes('CANCELING')) return 'CANCELING';
      if (states.includes('DEPLOYING')) return 'DEPLOYING';
      if (states.includes('BUILDING')) return 'BUILDING';
      return 'DEPLOYMENT_QUEUED';
    }
  }
}

/** `status_details.sub_action` for a service in a request. */
export function subActionOf(svc: SimService, action: SimTerraformAction | null | undefined): ServiceSubActionEnum {
  if (svc.kind !== 'terraform') return 'NONE';
  if (action === 'PLAN') return 'TERRAFORM_PLAN_ONLY';
  if (action === 'FORCE_UNLOCK') return 'TERRAFORM_FORCE_UNLOCK_STATE';
  if (action === 'MIGRATE_STATE') return 'TERRAFORM_MIGRATE_STATE';
  return 'TERRAFORM_PLAN_AND_APPLY';
}

/** `status_details.action` of a service in a request with this trigger action (a dry run or a terraform action is a DEPLOY). */
export function serviceActionOf(trigger: DeploymentHistoryTriggerAction | null): ServiceActionEnum {
  if (trigger === 'RESTART' || trigger === 'STOP' || trigger === 'DELETE') return trigger;
  if (trigger === 'UNINSTALL' || trigger === 'DELETE_RESOURCES_ONLY') return 'DELETE';
  return 'DEPLOY';
}

/** `status_details` that goes with a service state, in a request doing `action`. */
export function detailsFor(state: StateEnum, subAction: ServiceSubActionEnum, action: ServiceActionEnum = 'DEPLOY'): StatusDetails {
  const status: Partial<Record<StateEnum, StatusDetails['status']>> = {
    DEPLOYMENT_QUEUED: 'QUEUED',
    BUILDING: 'ONGOING',
    DEPLOYING: 'ONGOING',
    DEPLOYED: 'SUCCESS',
    BUILD_ERROR: 'ERROR',
    DEPLOYMENT_ERROR: 'ERROR',
    CANCELED: 'CANCELED',
    CANCELING: 'CANCELING',
    STOPPED: 'SUCCESS',
  };
  return {
    action: state === 'STOPPED' ? 'STOP' : action,
    status: status[state] ?? 'NEVER',
    sub_action: subAction,
  };
}

export interface ServiceLive {
  state: StateEnum;
  details: StatusDetails;
  /** Unfinished requests that include the service. */
  pending: number;
}

/** The live state of a service: its running stage, queued, or how its last deployment ended. */
export function serviceLive(state: SimState, svc: SimService): ServiceLive {
  const pending = state.requestsOf(svc.environmentId).filter((r) => isUnfinished(r) && r.serviceIds.includes(svc.id));
  const running = pending.find((r) => r.status === 'RUNNING');
  const run = running?.runs.find((r) => r.serviceId === svc.id && r.result === null);
  if (running && run) {
    const current = runState(run, state.at);
    return { state: current, details: detailsFor(current, subActionOf(svc, run.terraformAction), serviceActionOf(running.triggerAction)), pending: pending.length };
  }
  const queued = pending.find((r) => r.status === 'QUEUED');
  if (queued) {
    const action = queued.items.find((i) => i.serviceId === svc.id)?.terraformAction;
    const details = detailsFor('DEPLOYMENT_QUEUED', subActionOf(svc, action), serviceActionOf(queued.triggerAction));
    return { state: 'DEPLOYMENT_QUEUED', details, pending: pending.length };
  }
  const resting = svc.restingState;
  const details = detailsFor(resting, subActionOf(svc, svc.lastTerraformAction), serviceActionOf(svc.lastTriggerAction));
  if (svc.lastResult === null && resting !== 'STOPPED') details.status = 'NEVER';
  return { state: resting, details, pending: pending.length };
}
