import type { Reporter } from '../reporter.js';
import type { InitReport } from './formats.js';

/**
 * `init --format text`: the manifest on stdout, or a line saying where it was written; a note on
 * stderr for each service left out (the file says it too, as comments; stderr keeps a piped manifest clean).
 */
export const initText: Reporter<InitReport> = {
  end({ out: file, manifest }, out) {
    const skipped = manifest.entries.filter((e) => !e.listed);
    if (file !== undefined) {
      const listed = manifest.entries.length - skipped.length;
      out.stdout.write(`Wrote ${file}: ${listed} service(s) pinned${skipped.length > 0 ? `, ${skipped.length} left out (see the comments at its end)` : ''}.\n`);
    } else {
      out.stdout.write(manifest.text);
    }
    for (const e of skipped) out.stderr.write(`note: ${e.kind} ${JSON.stringify(e.name)} (${e.id}) is not listed: ${e.note ?? 'unknown reason'}\n`);
  },
};
