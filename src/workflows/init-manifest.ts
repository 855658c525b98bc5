/**
 * `qovery-deploy init`, the pure half: the text of a manifest that pins every service of an
 * environment to the version Qovery has for it now, from the `/services` and `/statuses` answers.
 * Services the format cannot express are kept as comments, so the file says what it left out.
 */
import { parse } from 'yaml';
import { classifyRepository } from '../git/classify-repository.js';
import { hasVersion, KIND_KEYS, kindOf, SERVICE_KINDS, type VersionSource } from '../kinds.js';
import { parseServices, repositoryUrls, type LiveService, type LiveStatus } from '../qovery/live-state.js';
import type { InitEntry, InitManifest } from '../results.js';
import type { EnvironmentSpec } from '../types.js';

/** The modeline editors read; a relative path works offline once qovery-deploy is installed (README). */
export const SCHEMA_MODELINE = '# yaml-language-server: $schema=./node_modules/qovery-deploy/schema/qovery-deploy.schema.json';

export interface InitManifestInput {
  /** The environment's id, always known once it was found. */
  environmentId: string;
  /** The names, when the user gave them: the manifest then names the environment the same way. */
  names?: { organization: string; project: string; name: string };
  /** The body of `GET /environment/{id}/services`, as Qovery sent it. */
  services: unknown;
  /** Per-service states (`GET /environment/{id}/statuses`), for notes on services not at rest. */
  statuses?: Readonly<Record<string, LiveStatus>>;
}

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
// The schema's patterns (schema/qovery-deploy.schema.json): a value outside them would make the file invalid.
const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const CHART_VERSION = /^[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}$/;
/** The versions of each source the manifest can hold as they are. */
const WRITABLE: Record<VersionSource, { pattern: RegExp; what: string; problem: string }> = {
  git: { pattern: FULL_SHA, what: 'commit', problem: 'is not a full SHA' },
  image: { pattern: IMAGE_TAG, what: 'image tag', problem: 'is not one the manifest accepts' },
  chart: { pattern: CHART_VERSION, what: 'chart version', problem: 'is not one the manifest accepts' },
};
const NAME = /^[^\u0000-\u001f\u007f]{1,255}$/;
// No spaces, `#`, quotes, brackets or leading indicator: nothing a YAML reader could take for structure.
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./@+:-]*$/;

type Json = Record<string, unknown>;
const at = (v: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Json)[key] : undefined), v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** `$` starts a `${VAR}` in every manifest string; `$$` is a literal one. */
const literal = (value: string): string => value.replace(/\$/g, '$$$$');

/** A version scalar, always double-quoted so `1.10`, `0123` or `1e3` stay text in every YAML reader. */
function quoted(value: string): string {
  return JSON.stringify(literal(value));
}

/** A name, id or URL: plain when YAML 1.2 and 1.1 readers both take it as that very text, else quoted. */
function scalar(value: string): string {
  const escaped = literal(value);
  const plain = PLAIN.test(escaped) && !escaped.endsWith(':') && parse(escaped) === escaped && parse(escaped, { version: '1.1' }) === escaped;
  return plain ? escaped : JSON.stringify(escaped);
}

/** Text safe inside a `#` comment: no line breaks or control characters can end the comment early. */
function commentSafe(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029\u0085]/g, '?');
}

/** Like commentSafe, without the quotes, for names that read better bare. */
function commentText(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, '?');
}

/** Why a live version cannot be written as the manifest field for it, if it cannot. */
function unusableVersion(service: LiveService): string | undefined {
  if (!hasVersion(service.kind)) return undefined;
  if (service.version === undefined) return 'no version yet (Qovery reports none: it was never configured or deployed)';
  if (service.source === 'none') return undefined;
  const { pattern, what, problem } = WRITABLE[service.source];
  return pattern.test(service.version) ? undefined : `its ${what} ${commentSafe(service.version)} ${problem}`;
}

/** A URL the manifest accepts as a remote `repository:`; a full SHA is then used without running git. */
function usableRepository(url: string | undefined): string | undefined {
  return url !== undefined && classifyRepository(url).type === 'remote' ? url : undefined;
}

/** The note for a service whose state says Qovery's configured version may not be what runs. */
function stateNote(status: LiveStatus | undefined): string | undefined {
  if (!status || (status.state === 'DEPLOYED' && status.deploymentStatus === 'UP_TO_DATE')) return undefined;
  return `live: ${status.state}, ${status.deploymentStatus}; pinned to the version Qovery is configured with`;
}

/** Reads the live services into entries: what is listed, with which version, and what is left out. */
export function initEntries(input: InitManifestInput): InitEntry[] {
  const rawById = new Map<string, unknown>();
  const results = at(input.services, 'results');
  for (const raw of Array.isArray(results) ? results : []) {
    const id = text(at(raw, 'id'));
    if (id) rawById.set(id, raw);
  }
  return parseServices(input.services).map((service): InitEntry => {
    const raw = rawById.get(service.id);
    const base: InitEntry = { kind: service.kind, id: service.id, name: service.name, source: service.source, listed: false };
    if (service.kind === 'other') {
      return { ...base, note: `Qovery lists it as ${commentSafe(String(at(raw, 'service_type') ?? 'unknown'))}, a kind the manifest has no list for` };
    }
    const problem = unusableVersion(service);
    if (problem) return { ...base, note: problem };
    const repos = repositoryUrls(raw, service.kind);
    const entry: InitEntry = { ...base, listed: true };
    if (service.version !== undefined && hasVersion(service.kind)) entry.version = service.version;
    if (service.source === 'git') {
      const repository = usableRepository(repos.main);
      if (repository) entry.repository = repository;
    }
    // A values override without a known commit is left as Qovery has it: the plan then ignores it.
    if (service.valuesOverrideCommit !== undefined && FULL_SHA.test(service.valuesOverrideCommit)) {
      entry.valuesOverrideCommit = service.valuesOverrideCommit;
      const values = usableRepository(repos.values);
      if (values) entry.valuesOverrideRepository = values;
    }
    const notes = [
      stateNote(input.statuses?.[service.id]),
      service.source === 'git' && !entry.repository ? 'no repository URL usable here: the commit must exist in the repository holding this file' : undefined,
    ].filter(Boolean);
    if (notes.length > 0) entry.note = notes.join('; ');
    return entry;
  });
}

function serviceLines(entry: InitEntry, useName: boolean): string[] {
  const comments = [useName ? undefined : `named ${commentSafe(entry.name)}`, entry.note].filter(Boolean);
  // Notes hold API text (states, types): nothing in them may end the comment and start YAML.
  const comment = comments.length > 0 ? `  # ${commentText(comments.join('; '))}` : '';
  const lines = [useName ? `  - name: ${scalar(entry.name)}${comment}` : `  - id: ${scalar(entry.id)}${comment}`];
  // The fields of the kind's source Qovery uses and of its values override (src/kinds.ts).
  const def = entry.kind === 'other' ? undefined : kindOf(entry.kind);
  const source = def?.sources.find((s) => s.source === entry.source);
  if (entry.version !== undefined && source) lines.push(`    ${source.field}: ${quoted(entry.version)}`);
  if (entry.repository !== undefined && source?.repository) lines.push(`    ${source.repository}: ${scalar(entry.repository)}`);
  const values = def?.valuesOverride;
  if (entry.valuesOverrideCommit !== undefined && values) {
    lines.push(`    ${values.field}: ${quoted(entry.valuesOverrideCommit)}`);
    if (entry.valuesOverrideRepository !== undefined) lines.push(`    ${values.repository}: ${scalar(entry.valuesOverrideRepository)}`);
  }
  return lines;
}

/** The manifest text (and what went in it) for the live services of one environment. */
export function buildInitManifest(input: InitManifestInput): InitManifest {
  const entries = initEntries(input);
  const env = input.names;
  const lines = [
    SCHEMA_MODELINE,
    '#',
    `# Written by \`qovery-deploy init\` from what ${env ? commentText(`${env.organization}/${env.project}/${env.name}`) : `environment ${input.environmentId}`} runs now:`,
    '# every service, pinned to the version Qovery has for it. A git service names the repository Qovery',
    '# builds it from, so its full commit SHA is used as is, without running git. To follow a branch or',
    '# tag instead, write its name in `commit:` (e.g. main); for a service built from the repository that',
    '# holds this file, drop `repository:` and write `commit: HEAD`.',
    'version: 1',
    'environment:',
  ];
  if (env) {
    lines.push(`  organization: ${scalar(env.organization)}`, `  project: ${scalar(env.project)}`, `  name: ${scalar(env.name)}`);
    lines.push(`  # id: ${commentText(input.environmentId)}   # add it, and plan and apply also check that the names still lead here`);
  } else {
    lines.push(`  id: ${scalar(input.environmentId)}`);
  }

  const byName = (a: InitEntry, b: InitEntry) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id);
  for (const kind of SERVICE_KINDS) {
    const listed = entries.filter((e) => e.kind === kind && e.listed).sort(byName);
    if (listed.length === 0) continue;
    lines.push(`${KIND_KEYS[kind]}:`);
    for (const entry of listed) {
      // Names are matched case-insensitively within a kind: a shared or unusable name is written as the id.
      const twins = listed.filter((e) => e.name.toLowerCase() === entry.name.toLowerCase()).length;
      lines.push(...serviceLines(entry, NAME.test(entry.name) && twins === 1));
    }
  }
  if (entries.length === 0) lines.push('# The environment has no services yet.');
  const skipped = entries.filter((e) => !e.listed).sort(byName);
  if (skipped.length > 0) {
    lines.push('', '# Not listed: the manifest format cannot express these services as they are now.');
    for (const e of skipped) lines.push(commentText(`# - ${e.kind} ${commentSafe(e.name)} (${e.id}): ${e.note ?? 'unknown reason'}`));
  }
  return { text: `${lines.join('\n')}\n`, entries };
}

/** Parses `--environment`: a UUID, or `ORGANIZATION/PROJECT/ENVIRONMENT` names. */
export function parseEnvironmentArgument(value: string): EnvironmentSpec | undefined {
  const trimmed = value.trim();
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed)) return { id: trimmed.toLowerCase() };
  const parts = trimmed.split('/').map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  return { organization: parts[0]!, project: parts[1]!, name: parts[2]! };
}
