import { describeApiError } from '@kasir/sync';
import { describe, expect, it } from 'vitest';
import { syncErrorLead } from './sync-error-lead.ts';

describe("the sync screen's last error", () => {
  it('is told by the kind of the engine error it came from', () => {
    expect(syncErrorLead(describeApiError({ kind: 'network', message: 'Failed to fetch' }))).toBe(
      'dash.lastError.network',
    );
    expect(syncErrorLead(describeApiError({ kind: 'storage', message: 'QuotaExceededError' }))).toBe(
      'dash.lastError.storage',
    );
    expect(
      syncErrorLead(describeApiError({ kind: 'invalid_response', status: 200, message: 'not JSON' })),
    ).toBe('dash.lastError.server');
    expect(
      syncErrorLead(
        describeApiError({ kind: 'http', status: 503, code: 'unavailable', message: 'draining' }),
      ),
    ).toBe('dash.lastError.server');
    expect(syncErrorLead('something new')).toBe('dash.lastError.other');
  });
});
