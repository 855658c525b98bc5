import { entry, q } from './catalogue.js';

/** `preview up` and `preview down`: one environment per pull request, cloned from the manifest's. */
export const previewCodes = {
  PREVIEW_NAME_REQUIRED: entry('invalid', () => ({
    summary: 'no preview environment name: this is not a pull request or merge request pipeline',
    hint: 'pass --name NAME, or run on a GitHub `pull_request` event or a GitLab merge request pipeline (the name is then pr-<number>)',
  })),
  PREVIEW_IS_SOURCE: entry('invalid', (a: { name: string; id: string }) => ({
    summary: `the preview environment ${q(a.name)} is the manifest's own environment (${a.id}): refusing to touch it`,
    hint: 'choose another --name; a preview is a clone of the manifest’s environment, never the environment itself',
  })),
  PREVIEW_NOT_PREVIEW: entry('invalid', (a: { name: string; id: string; mode: string; verb: string }) => ({
    summary: `environment ${q(a.name)} (${a.id}) is a ${a.mode} environment, not a PREVIEW one: refusing to ${a.verb} it`,
    hint: 'preview commands only touch environments in mode PREVIEW; choose another --name',
  })),
  PREVIEW_SERVICE_MISSING: entry('invalid', (a: { kind: string; name: string; environment: string }) => ({
    summary: `the preview environment ${q(a.environment)} has no ${a.kind} named ${q(a.name)}`,
    hint: 'the service was added to the source environment after the preview was cloned: run `preview down`, then `preview up` again',
  })),
  PREVIEW_CLONE_UNKNOWN: entry('api', (a: { name: string; sends: number; reason: string }) => ({
    summary: `cloning ${q(a.name)} may or may not have worked: ${a.reason} (${a.sends} clone request(s) sent)`,
    hint: 'run `preview up` again: it looks for the environment by name before cloning, so it never creates a second one',
  })),
  PREVIEW_READS_TIMEOUT: entry('timeout', (a: { seconds: number }) => ({
    summary: `the reads before the deletion (names, the environments of the project) did not end within ${a.seconds} s: nothing was deleted`,
    hint: 'the Qovery API is slow or unreachable; run `preview down` again, or raise --timeout',
  })),
  PREVIEW_DELETE_TIMEOUT: entry('timeout', (a: { name: string; id: string; seconds: number }) => ({
    summary: `environment ${q(a.name)} (${a.id}) was still there ${a.seconds} s after its deletion was requested`,
    hint: 'Qovery may still be deleting it; run `preview down` again later, or raise --timeout',
  })),
} as const;
