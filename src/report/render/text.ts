import { writeDiagnostics } from '../diagnostics-text.js';
import type { Reporter } from '../reporter.js';
import { short } from '../versions.js';
import type { RenderReport } from './formats.js';
import { refsOf } from './refs.js';

/** `render --format text`: each ref beside its SHA as comments, then every request's method, path and body. */
export const renderText: Reporter<RenderReport> = {
  end({ file, source, resolved, requests, warnings }, out) {
    writeDiagnostics(out, warnings, new Map([[file, source]]), file);
    let text = `# ${file} → environment ${resolved.environmentId}\n`;
    for (const r of refsOf(resolved)) text += `# ${r.kind} ${r.service}: ${r.field} ${r.ref} → ${r.sha}${r.ref === r.sha ? '' : ` (${short(r.sha)})`}\n`;
    if (requests.length === 0) text += '# no services: apply would send nothing\n';
    for (const r of requests) text += `\n${r.method} ${r.path}\n${JSON.stringify(r.body, null, 2)}\n`;
    out.stdout.write(text);
  },
};
