import { KIND_KEYS } from '../kinds.js';
import { entry, q } from './catalogue.js';

/** Reading and parsing a manifest file. */
export const fileCodes = {
  FILE_NOT_FOUND: entry('invalid', (a: { path: string }) => ({
    summary: `no such file: ${a.path}`,
    hint: 'pass the path of a qovery-deploy.yaml, or run from the folder that holds one',
  })),
  FILE_IS_DIRECTORY: entry('invalid', (a: { path: string }) => ({
    summary: `${a.path} is a directory, not a manifest file`,
    hint: `pass the file itself, e.g. ${a.path.replace(/\/$/, '')}/qovery-deploy.yaml`,
  })),
  FILE_NOT_REGULAR: entry('invalid', (a: { path: string }) => ({
    summary: `${a.path} is not a regular file (a device, FIFO or socket)`,
    hint: 'a manifest must be a plain file',
  })),
  FILE_UNREADABLE: entry('invalid', (a: { path: string; reason: string }) => ({
    summary: `cannot read ${a.path}: ${a.reason}`,
    hint: 'check the file permissions',
  })),
  FILE_TOO_LARGE: entry('invalid', (a: { size: number; limit: number }) => ({
    summary: `the file is ${a.size} bytes; manifests are limited to ${a.limit} bytes`,
    hint: 'a manifest describes one environment and is a few kilobytes; split it or check that this is the right file',
  })),
  FILE_EMPTY: entry('invalid', () => ({
    summary: 'the file is empty',
    hint: 'a manifest needs at least `version: 1` and an `environment`',
  })),
  FILE_NOT_UTF8: entry('invalid', () => ({
    summary: 'the file is not valid UTF-8 text',
    hint: 'save the manifest as UTF-8',
  })),
} as const;

/** YAML syntax and the hardening rules applied while composing the document. */
export const yamlCodes = {
  YAML_SYNTAX: entry('invalid', (a: { message: string }) => ({
    summary: `YAML syntax error: ${a.message}`,
  })),
  YAML_DUPLICATE_KEY: entry('invalid', (a: { key: string }) => ({
    summary: `duplicate key ${q(a.key)}`,
    hint: 'each key may appear once in a map; remove or rename one of them',
  })),
  YAML_MULTIPLE_DOCUMENTS: entry('invalid', () => ({
    summary: 'the file holds more than one YAML document',
    hint: 'one file describes one environment; put other environments in their own files',
  })),
  YAML_TAB_INDENT: entry('invalid', () => ({
    summary: 'a tab is used for indentation',
    hint: 'YAML indents with spaces only',
  })),
  YAML_TAG: entry('invalid', (a: { tag: string }) => ({
    summary: `the tag ${q(a.tag)} is not allowed`,
    hint: 'manifests use plain YAML values; remove the tag (quote the value if it is a string)',
  })),
  YAML_TOO_DEEP: entry('invalid', (a: { problem: string }) => ({
    summary: `the document is too deeply nested: ${a.problem}`,
    hint: 'a manifest is at most a few levels deep; check for unbalanced brackets',
  })),
  YAML_ALIAS_LIMIT: entry('invalid', (a: { limit: number }) => ({
    summary: `too many alias expansions (more than ${a.limit} nodes): a possible "billion laughs" document`,
    hint: 'write the values out instead of nesting aliases',
  })),
  YAML_TOO_MANY_VALUES: entry('invalid', (a: { limit: number }) => ({
    summary: `the document holds more than ${a.limit} values (lines and list items)`,
    hint: 'a manifest names a few services; is this the right file?',
  })),
  YAML_ALIAS_CYCLE: entry('invalid', (a: { anchor: string }) => ({
    summary: `the alias *${a.anchor} refers to the node that contains it`,
    hint: 'an alias cannot include itself',
  })),
  YAML_MERGE_KEY: entry('invalid', () => ({
    summary: 'merge keys (<<) are not supported',
    hint: 'write the keys out in full',
  })),
  YAML_NOT_A_MAP: entry('invalid', (a: { found: string }) => ({
    summary: `the manifest must be a map of keys, found ${a.found}`,
    hint: 'start the file with `version: 1` and an `environment:` map',
  })),
  YAML_NON_STRING_KEY: entry('invalid', () => ({
    summary: 'keys must be plain strings',
    hint: 'use a simple word such as `name` as the key',
  })),
} as const;

/** Shape errors found by the JSON Schema, worded for people. */
export const schemaCodes = {
  UNKNOWN_KEY: entry('invalid', (a: { key: string; where: string; suggestion?: string; allowed: string[]; hint?: string }) => ({
    summary: `unknown key ${q(a.key)} in ${a.where}`,
    hint: a.suggestion
      ? `did you mean ${q(a.suggestion)}?`
      : (a.hint ?? (a.allowed.length > 0 ? `allowed keys: ${a.allowed.join(', ')}` : undefined)),
  })),
  MISSING_KEY: entry('invalid', (a: { key: string; where: string; hint?: string }) => ({
    summary: `${a.where} is missing ${q(a.key)}`,
    hint: a.hint,
  })),
  WRONG_TYPE: entry('invalid', (a: { where: string; expected: string; found: string; hint?: string }) => ({
    summary: `${a.where} must be ${a.expected}, found ${a.found}`,
    hint: a.hint,
  })),
  INVALID_VALUE: entry('invalid', (a: { where: string; problem: string; hint?: string }) => ({
    summary: `${a.where} ${a.problem}`,
    hint: a.hint,
  })),
  INVALID_UUID: entry('invalid', (a: { where: string; value: string }) => ({
    summary: `${a.where} must be a lower-case UUID, found ${q(a.value)}`,
    hint: 'copy the id from the Qovery console, e.g. 3c90c3cc-0d44-4b50-8888-8dd25736052a (no braces, no urn:uuid: prefix)',
  })),
  UNSUPPORTED_VERSION: entry('invalid', (a: { found: string }) => ({
    summary: `unsupported manifest version ${a.found}`,
    hint: 'this release of qovery-deploy reads `version: 1`',
  })),
  SERVICE_WITHOUT_IDENTITY: entry('invalid', (a: { where: string }) => ({
    summary: `${a.where} needs an \`id\` or a \`name\``,
    hint: 'add `name: <service name>` or `id: <service UUID>`',
  })),
  ENVIRONMENT_INCOMPLETE: entry('invalid', (a: { missing: string[] }) => ({
    summary: `environment needs an \`id\`, or all of \`organization\`, \`project\` and \`name\` (missing: ${a.missing.join(', ')})`,
    hint: 'give the environment UUID, or its organization, project and environment names',
  })),
  SERVICE_WITHOUT_VERSION: entry('invalid', (a: { where: string; fields: string[] }) => ({
    summary: `${a.where} needs one of ${a.fields.map((f) => `\`${f}\``).join(' or ')}`,
    hint: 'say which version to deploy',
  })),
  TOO_MANY_ITEMS: entry('invalid', (a: { where: string; limit: number }) => ({
    summary: `${a.where} has more than ${a.limit} items`,
  })),
} as const;

/** Rules the schema cannot express. */
export const ruleCodes = {
  DUPLICATE_SERVICE: entry('invalid', (a: { by: 'id' | 'name'; value: string; first: string }) => ({
    summary: `the service with ${a.by} ${q(a.value)} is listed twice`,
    hint: `it is first listed at ${a.first}; keep one entry`,
  })),
  CONFLICTING_SOURCES: entry('invalid', (a: { where: string; git: string; other: string }) => ({
    summary: `${a.where} has both \`${a.git}\` (built from git) and \`${a.other}\``,
    hint: `a service has one source: keep \`${a.git}\` for a git source or \`${a.other}\` for the other`,
  })),
  FIELD_NEEDS_FIELD: entry('invalid', (a: { where: string; field: string; needs: string }) => ({
    summary: `${a.where} has \`${a.field}\` without \`${a.needs}\``,
    hint: `\`${a.field}\` only applies together with \`${a.needs}\``,
  })),
  INVALID_GIT_REVISION: entry('invalid', (a: { value: string; reason: string }) => ({
    summary: `${q(a.value)} is not a git revision qovery-deploy accepts: ${a.reason}`,
    hint: 'use a branch, a tag, HEAD, HEAD~N or a commit SHA',
  })),
  INVALID_REPOSITORY: entry('invalid', (a: { value: string; reason: string }) => ({
    summary: `${q(a.value)} is not a repository qovery-deploy accepts: ${a.reason}`,
    hint: 'use a local path relative to the manifest, or an https://, ssh:// or file:// URL',
  })),
  /** A warning: a valid file that deploys nothing is most likely unfinished or mis-indented. */
  MANIFEST_NO_SERVICES: entry('invalid', () => ({
    summary: 'the manifest lists no services: plan and apply would do nothing',
    hint: `list services under ${Object.values(KIND_KEYS).join(', ').replace(/, ([^,]+)$/, ' or $1')} (check their indentation)`,
  })),
} as const;

/** `${VAR}` interpolation. */
export const interpolationCodes = {
  UNSET_VARIABLE: entry('invalid', (a: { name: string }) => ({
    summary: `the variable ${a.name} is not set`,
    hint: `set ${a.name} in the environment, or give a default: \${${a.name}:-value}`,
  })),
  REQUIRED_VARIABLE: entry('invalid', (a: { name: string; message: string }) => ({
    summary: `${a.name}: ${a.message}`,
    hint: `set ${a.name} in the environment`,
  })),
  INVALID_INTERPOLATION: entry('invalid', (a: { problem: string }) => ({
    summary: `invalid \${…} expression: ${a.problem}`,
    hint: 'write ${NAME}, ${NAME:-default} or ${NAME:?message}; write $$ for a literal $',
  })),
  SECRET_VARIABLE: entry('invalid', (a: { name: string; reason: string }) => ({
    summary: `the variable ${a.name} looks like a credential (${a.reason}) and cannot be used in a manifest`,
    hint: 'a manifest value ends up in request bodies, plans and logs; tokens and secrets never belong there (rename the variable if it holds none)',
  })),
} as const;

/** Saved plans (`plan --out`, `apply --plan`). */
export const savedPlanCodes = {
  PLAN_FILE_INVALID: entry('invalid', (a: { path: string; problem: string }) => ({
    summary: `${a.path} is not a plan saved by qovery-deploy: ${a.problem}`,
    hint: 'save one with `qovery-deploy plan --out FILE`',
  })),
  PLAN_STALE: entry('invalid', (a: { file: string; changes: string[] }) => ({
    summary: `the live state of ${a.file} moved since the plan was made: ${a.changes.join('; ')}`,
    hint: 'nothing was sent; make and review a new plan',
  })),
  PLAN_OUT_UNWRITABLE: entry('invalid', (a: { path: string; reason: string }) => ({
    summary: `cannot save the plan to ${a.path}: ${a.reason}`,
    hint: 'create the folder first, or give --out a path in an existing, writable folder',
  })),
} as const;

/** Command-line usage. */
export const usageCodes = {
  USAGE: entry('invalid', (a: { message: string; hint?: string }) => ({
    summary: a.message,
    hint: a.hint ?? 'run `qovery-deploy --help` for the commands and options',
  })),
  NEEDS_API: entry('invalid', (a: { what: string }) => ({
    summary: `${a.what} needs the Qovery API`,
    hint: 'use UUIDs in the manifest to work offline, or run `plan`, which reads the API',
  })),
  NEEDS_API_TOKEN: entry('invalid', (a: { what: string }) => ({
    summary: `QOVERY_API_TOKEN is not set, and ${a.what} can only be found through the Qovery API`,
    hint: 'set QOVERY_API_TOKEN (also read: QOVERY_CLI_ACCESS_TOKEN), or give the environment and services by UUID to work offline',
  })),
  ONLY_UNKNOWN: entry('invalid', (a: { names: string[]; candidates: string[] }) => ({
    summary: `--only names ${a.names.length === 1 ? 'a service' : 'services'} the manifests do not list: ${a.names.map((n) => q(n)).join(', ')}`,
    hint: a.candidates.length > 0 ? `the services are: ${a.candidates.join(', ')}; nothing was sent` : 'the manifests list no services; nothing was sent',
  })),
  DUPLICATE_ENVIRONMENT: entry('invalid', (a: { environment: string; files: string[] }) => ({
    summary: `${a.files.join(' and ')} describe the same environment ${a.environment}`,
    hint: 'one file per environment: merge them, or plan and apply them in separate runs; nothing was sent',
  })),
  PLAN_WITH_SELECTION: entry('invalid', (a: { flags: string[] }) => ({
    summary: `apply --plan applies the saved plan exactly as reviewed; it cannot be combined with ${a.flags.join(', ')}`,
    hint: 'make a new plan with those options (`plan --out FILE …`), then apply it; nothing was sent',
  })),
  APPLY_NOT_CONFIRMED: entry('invalid', (a: { file: string }) => ({
    summary: `the deployment of ${a.file} was not confirmed: nothing was sent`,
    hint: 'answer y to deploy; pass --yes (alias --auto-approve) to deploy without the question',
  })),
  INTERNAL: entry('invalid', (a: { message: string }) => ({
    summary: `internal error: ${a.message}`,
    hint: 'this is a bug in qovery-deploy; please report it with the output of --verbose',
  })),
} as const;
