// Issue 11.1: our execution is found by its services, versions and time, never guessed (pure).
import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../src/qovery/live-state.js';
import { findOurExecution } from '../../src/wait/failure-logs.js';

const WEB = 'web-id';
const API = 'api-id';
const entry = (executionId: string, services: [string, string][], more: Partial<HistoryEntry> = {}): HistoryEntry => ({
  executionId,
  status: 'BUILD_ERROR',
  triggerAction: 'DEPLOY',
  createdAt: '2026-12-02T10:00:05Z',
  services: services.map(([id, version]) => ({ id, action: 'DEPLOY', version })),
  ...more,
});
const before = { readAt: '2026-12-02T10:00:00Z', history: [entry('env-1', [[WEB, '1.0']], { createdAt: '2026-12-02T09:00:00Z' })] };
const sent = [{ id: WEB, version: '1.10' }, { id: API, version: 'abc' }];

describe('findOurExecution', () => {
  it('finds the one new DEPLOY carrying every service at our versions', () => {
    const ours = entry('env-2', [[WEB, '1.10'], [API, 'ABC']]);
    expect(findOurExecution(before, [ours, ...before.history], sent)?.executionId).toBe('env-2');
  });

  it('ignores what the read before sending listed, other versions, missing services, dry runs and older entries', () => {
    const history = [
      entry('env-5', [[WEB, '1.11'], [API, 'abc']]),
      entry('env-4', [[WEB, '1.10']]),
      entry('env-3', [[WEB, '1.10'], [API, 'abc']], { triggerAction: 'DEPLOY_DRY_RUN' }),
      entry('env-0', [[WEB, '1.10'], [API, 'abc']], { createdAt: '2026-12-01T10:00:00Z' }),
      { ...before.history[0]!, services: [{ id: WEB, action: 'DEPLOY', version: '1.10' }, { id: API, action: 'DEPLOY', version: 'abc' }] },
    ];
    expect(findOurExecution(before, history, sent)).toBeUndefined();
  });

  it('never picks between two that fit', () => {
    const a = entry('env-2', [[WEB, '1.10'], [API, 'abc']]);
    const b = entry('env-3', [[WEB, '1.10'], [API, 'abc']]);
    expect(findOurExecution(before, [b, a], sent)).toBeUndefined();
  });
});
