import { describe, expect, it } from 'vitest';
import { syncErrorLead } from './sync-error-lead.ts';

describe("the sync screen's last error", () => {
  it('is told by the kind the engine reported with it', () => {
    expect(syncErrorLead('network')).toBe('dash.lastError.network');
    expect(syncErrorLead('storage')).toBe('dash.lastError.storage');
    expect(syncErrorLead('invalid_response')).toBe('dash.lastError.server');
    expect(syncErrorLead('http')).toBe('dash.lastError.server');
    // A status mirrored from a leader tab of an older version carries no kind.
    expect(syncErrorLead(undefined)).toBe('dash.lastError.other');
  });
});
