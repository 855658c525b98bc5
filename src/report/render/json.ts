import { toJsonDiagnostic } from '../json.js';
import type { Reporter } from '../reporter.js';
import type { RenderReport } from './formats.js';
import { refsOf } from './refs.js';

/** `render --format json`: the refs with their SHAs, the requests, and the warnings. */
export const renderJson: Reporter<RenderReport> = {
  end({ file, resolved, requests, warnings }, out) {
    const document = {
      format_version: '1.0',
      file,
      environment_id: resolved.environmentId,
      refs: refsOf(resolved),
      requests: requests.map((r) => ({ method: r.method, path: r.path, body: r.body })),
      diagnostics: warnings.map((d) => toJsonDiagnostic(d, file)),
    };
    out.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  },
};
