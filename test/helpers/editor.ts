import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'yaml-language-server';
import { ROOT } from './cli.js';

export const SCHEMA_PATH = `${ROOT}schema/qovery-deploy.schema.json`;
const SCHEMA_URI = pathToFileURL(SCHEMA_PATH).href;
/** Where `npm install qovery-deploy` puts the schema: the README's `$schema=` line points there. */
const INSTALLED_SCHEMA = '/node_modules/qovery-deploy/schema/qovery-deploy.schema.json';

/** A diagnostic as an editor shows it, 1-based like ours. */
export interface EditorDiagnostic {
  line: number;
  endLine: number;
  column: number;
  message: string;
}

/**
 * yaml-language-server's language service (what VS Code's YAML extension runs), offline: the
 * schema comes from this checkout, for `# yaml-language-server: $schema=` lines and for every
 * `*.yaml` without one; any other URI is refused (the service alone never reads schemastore: only
 * the LSP server's settings handler does). `requested` lists every URI it asked for.
 */
export function yamlEditor(yamlVersion: '1.1' | '1.2' = '1.2'): {
  requested: string[];
  check: (text: string, file: string) => Promise<EditorDiagnostic[]>;
} {
  const requested: string[] = [];
  // The service caches a parsed document by URI and version: every check is a new version.
  let version = 0;
  const service = getLanguageService({
    schemaRequestService: async (uri) => {
      requested.push(uri);
      if (uri === SCHEMA_URI || (uri.startsWith('file:') && uri.endsWith(INSTALLED_SCHEMA))) return readFileSync(SCHEMA_PATH, 'utf8');
      throw new Error(`tests reach nothing beyond this checkout: ${uri}`);
    },
    workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
  });
  service.configure({ validate: true, yamlVersion, customTags: [], schemas: [{ uri: SCHEMA_URI, fileMatch: ['*.yaml'] }] });
  return {
    requested,
    check: async (text, file) => {
      const document = TextDocument.create(pathToFileURL(file).href, 'yaml', ++version, text);
      const found = await service.doValidation(document, false);
      return found.map((d) => ({
        line: d.range.start.line + 1,
        endLine: d.range.end.line + 1,
        column: d.range.start.character + 1,
        message: d.message,
      }));
    },
  };
}
