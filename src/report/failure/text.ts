import { writeDiagnostics } from '../diagnostics-text.js';
import type { Reporter } from '../reporter.js';
import type { FailureReport } from './formats.js';

/** A failure for people: the diagnostics on stderr, with the manifest's lines when it is known. */
export const failureText: Reporter<FailureReport> = {
  end({ diagnostics, file, source }, out) {
    writeDiagnostics(out, diagnostics, file && source !== undefined ? new Map([[file, source]]) : new Map(), file);
  },
};
