/**
 * Compile-time checks, run by `npm run typecheck` (nothing here runs): our own request-body types
 * (src/qovery/api-types.ts) are the very shapes of Qovery's generated models, in both directions,
 * so a field Qovery renames, adds or retypes, or one we mistype, fails the build.
 */
import type {
  DeployAllRequest as QoveryDeployAllRequest,
  DeployAllRequestApplicationsInner,
  DeployAllRequestContainersInner,
  DeployAllRequestHelmsInner,
  DeployAllRequestJobsInner,
  TerraformDeployRequest as QoveryTerraformDeployRequest,
  TerraformDeployRequestActionEnum,
} from 'qovery-typescript-axios';
import type {
  DeployAllApplication,
  DeployAllContainer,
  DeployAllHelm,
  DeployAllJob,
  DeployAllRequest,
  TerraformAction,
  TerraformDeployRequest,
} from '../../src/qovery/api-types.js';
import { DEPLOY_ALL_LISTS, TERRAFORM_ACTIONS } from '../../src/qovery/api-types.js';

/** True only when each type is assignable to the other (required and optional fields included). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([Required<A>] extends [Required<B>] ? ([Required<B>] extends [Required<A>] ? true : false) : false) : false) : false;

export const checks: true[] = [
  true satisfies Same<DeployAllRequest, QoveryDeployAllRequest>,
  true satisfies Same<DeployAllApplication, DeployAllRequestApplicationsInner>,
  true satisfies Same<DeployAllContainer, DeployAllRequestContainersInner>,
  true satisfies Same<DeployAllJob, DeployAllRequestJobsInner>,
  true satisfies Same<DeployAllHelm, DeployAllRequestHelmsInner>,
  true satisfies Same<TerraformDeployRequest, QoveryTerraformDeployRequest>,
  true satisfies Same<TerraformAction, TerraformDeployRequestActionEnum>,
  // Every list of the body is in the order compile keeps, and nothing else.
  true satisfies Same<(typeof DEPLOY_ALL_LISTS)[number], keyof QoveryDeployAllRequest>,
  true satisfies Same<(typeof TERRAFORM_ACTIONS)[number], TerraformDeployRequestActionEnum>,
];

// The check itself is checked: a type that differs in one optional field is refused.
// @ts-expect-error `git_commit_id` is optional in the spec, required here.
export const refused: true = true satisfies Same<{ application_id: string; git_commit_id: string }, DeployAllRequestApplicationsInner>;
