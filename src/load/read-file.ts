import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { diagnostic } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/types.js';
import { fileRange } from './positions.js';

/** Manifests describe one environment: a few KiB. Anything past this is refused before parsing. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

export type ReadResult = { source: string } | { diagnostic: Diagnostic };

/**
 * Reads a manifest as UTF-8 text, refusing directories, devices, FIFOs, huge and non-UTF-8 files.
 * Synchronous on purpose: a manifest is a few KiB, and a thousand files read in one `validate`
 * run cost far less this way than through the thread pool.
 */
export function readManifestFile(path: string, label = path, maxBytes = MAX_MANIFEST_BYTES): ReadResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { diagnostic: fsDiagnostic(label, error) };
  }
  try {
    const info = fstatSync(fd);
    if (info.isDirectory()) return { diagnostic: diagnostic('FILE_IS_DIRECTORY', { path: label }) };
    if (!info.isFile()) return { diagnostic: diagnostic('FILE_NOT_REGULAR', { path: label }) };
    if (info.size > maxBytes) return { diagnostic: diagnostic('FILE_TOO_LARGE', { size: info.size, limit: maxBytes }, fileRange(label)) };
    // Room for one byte more than stat saw, so a file that grew since is noticed, never cut silently.
    let buffer = Buffer.allocUnsafe(info.size + 1);
    let length = readSync(fd, buffer, 0, buffer.length, 0);
    if (length === buffer.length) {
      buffer = Buffer.allocUnsafe(maxBytes + 1);
      length = readSync(fd, buffer, 0, buffer.length, 0);
      if (length > maxBytes) return { diagnostic: diagnostic('FILE_TOO_LARGE', { size: length, limit: maxBytes }, fileRange(label)) };
    }
    return decode(buffer.subarray(0, length), label);
  } catch (error) {
    return { diagnostic: fsDiagnostic(label, error) };
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Buffer, label: string): ReadResult {
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { diagnostic: diagnostic('FILE_NOT_UTF8', {}, fileRange(label)) };
  }
  if (source.trim() === '') return { diagnostic: diagnostic('FILE_EMPTY', {}, fileRange(label)) };
  return { source };
}

/** Maps a file-system error to a diagnostic (exported for tests: root can read anything). */
export function fsDiagnostic(path: string, error: unknown): Diagnostic {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return diagnostic('FILE_NOT_FOUND', { path });
  if (code === 'EISDIR') return diagnostic('FILE_IS_DIRECTORY', { path });
  const reason = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error');
  return diagnostic('FILE_UNREADABLE', { path, reason });
}

