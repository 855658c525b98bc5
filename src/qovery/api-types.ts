/**
 * The request bodies qovery-deploy sends, written from Qovery's OpenAPI spec
 * (components/schemas/DeployAllRequest and TerraformDeployRequest). They are ours so the published
 * `.d.ts` files stand alone, with no dev dependency behind them: Qovery's generated TypeScript models
 * check them in test/types/qovery-models.ts instead, so a drift fails `npm run typecheck`.
 */

/** `TerraformDeployRequest.action`: what a terraform does instead of plan-and-apply. */
export const TERRAFORM_ACTIONS = ['PLAN', 'FORCE_UNLOCK', 'MIGRATE_STATE'] as const;

/** The terraform actions that go to `POST /terraform/{id}/deploy` instead of the batch call. */
export type TerraformAction = (typeof TERRAFORM_ACTIONS)[number];

/** `POST /terraform/{id}/deploy`, and each item of `DeployAllRequest.terraforms`. */
export interface TerraformDeployRequest {
  id?: string | null;
  git_commit_id?: string;
  action?: TerraformAction | null;
}

/** An application of the batch call; `git_commit_id` may be left out once it has been deployed. */
export interface DeployAllApplication {
  application_id: string;
  git_commit_id?: string;
}

/** A container of the batch call. */
export interface DeployAllContainer {
  id: string;
  image_tag?: string;
}

/** A job of the batch call: `image_tag` for an image source, `git_commit_id` for a repository source. */
export interface DeployAllJob {
  id?: string;
  image_tag?: string;
  git_commit_id?: string;
}

/** A helm of the batch call: `chart_version` for a chart repository, `git_commit_id` for git. */
export interface DeployAllHelm {
  id?: string;
  chart_version?: string;
  git_commit_id?: string;
  values_override_git_commit_id?: string;
}

/** The body of `POST /environment/{id}/service/deploy`: every service to deploy, by kind. */
export interface DeployAllRequest {
  applications?: DeployAllApplication[];
  /** Database ids: a database has no version to set. */
  databases?: string[];
  containers?: DeployAllContainer[];
  jobs?: DeployAllJob[];
  helms?: DeployAllHelm[];
  terraforms?: TerraformDeployRequest[];
}

/** The lists of a `DeployAllRequest`, in the spec's order: the order a compiled body keeps. */
export const DEPLOY_ALL_LISTS = ['applications', 'databases', 'containers', 'jobs', 'helms', 'terraforms'] as const satisfies readonly (keyof DeployAllRequest)[];
