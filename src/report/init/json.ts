import type { Reporter } from '../reporter.js';
import type { InitReport } from './formats.js';

/** `init --format json`: the manifest's text and, per live service, whether and how it was pinned. */
export const initJson: Reporter<InitReport> = {
  end({ environmentId, out: file, manifest }, out) {
    const document = {
      format_version: '1.0',
      environment_id: environmentId,
      file: file ?? null,
      manifest: manifest.text,
      services: manifest.entries.map((e) => ({
        kind: e.kind,
        name: e.name,
        id: e.id,
        listed: e.listed,
        version: e.version ?? null,
        repository: e.repository ?? null,
        values_override_commit: e.valuesOverrideCommit ?? null,
        note: e.note ?? null,
      })),
      diagnostics: [],
    };
    out.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  },
};
