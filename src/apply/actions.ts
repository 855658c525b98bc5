import type { DeployRequest, TerraformAction } from '../types.js';

/**
 * What a request does, as Qovery reports it: the `trigger_action` of its queue and history
 * entries, and the `status_details` (`action`, `sub_action`) of its services. Reconciling and
 * adopting count only requests that do the same thing as ours: a dry run, a terraform plan, a
 * restart or a stop at our versions deploys nothing, so it is neither our landing nor adoptable.
 */
export interface RequestAction {
  /** `trigger_action` values that can be ours (DeploymentHistoryTriggerAction). */
  triggers: readonly string[];
  /** `status_details.sub_action` values our services can show (ServiceSubActionEnum). */
  subActions: readonly string[];
}

/** A plain deployment: the batch call, and terraforms planned and applied. */
export const DEPLOY_ACTION: RequestAction = { triggers: ['DEPLOY'], subActions: ['NONE', 'TERRAFORM_PLAN_AND_APPLY'] };

/**
 * The spec does not say which `trigger_action` a terraform action gets: its enum pairs PLAN with
 * DEPLOY_DRY_RUN and has one value per other action, but DEPLOY is accepted too, and the
 * `sub_action` (required in every service's status and history entry) tells them apart.
 */
const TERRAFORM_ACTIONS: Record<TerraformAction, RequestAction> = {
  PLAN: { triggers: ['DEPLOY_DRY_RUN', 'DEPLOY'], subActions: ['TERRAFORM_PLAN_ONLY'] },
  FORCE_UNLOCK: { triggers: ['TERRAFORM_FORCE_UNLOCK', 'DEPLOY'], subActions: ['TERRAFORM_FORCE_UNLOCK_STATE'] },
  MIGRATE_STATE: { triggers: ['TERRAFORM_MIGRATE_STATE', 'DEPLOY'], subActions: ['TERRAFORM_MIGRATE_STATE'] },
};

/** What a compiled request does. */
export function actionOf(request: DeployRequest): RequestAction {
  if (request.kind === 'terraform-action' && request.body.action) return TERRAFORM_ACTIONS[request.body.action] ?? DEPLOY_ACTION;
  return DEPLOY_ACTION;
}

/** Does a queue or history entry do what our request does? */
export function entryDoes(entry: { triggerAction: string }, action: RequestAction): boolean {
  return action.triggers.includes(entry.triggerAction);
}

/** Does a service's status (or history record) show it doing what our request does? A restart or stop is not a deploy. */
export function serviceDoes(service: { action?: string; subAction?: string }, action: RequestAction): boolean {
  if (service.action !== undefined && service.action !== 'DEPLOY') return false;
  return service.subAction === undefined || action.subActions.includes(service.subAction);
}
