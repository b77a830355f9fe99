import { describe, expect, it } from 'vitest';
import { headerWarnings } from './header-warnings.ts';

describe('header warnings', () => {
  it("warns exactly when the engine's status is stale", () => {
    expect(headerWarnings({ stale: false, pending: 0 }).stale).toBe(false);
    expect(headerWarnings({ stale: true, pending: 0 }).stale).toBe(true);
  });

  it('warns when more than 50 are pending', () => {
    expect(headerWarnings({ stale: false, pending: 50 }).backlog).toBe(false);
    expect(headerWarnings({ stale: false, pending: 51 }).backlog).toBe(true);
  });
});
