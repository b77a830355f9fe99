import { ERROR_CODES, isRetryableCode } from '@kasir/protocol';
import { describe, expect, it } from 'vitest';
import { classifyApiError, classifyErrorCode, codeForStatus } from './api-result.ts';

describe('the device retry policy', () => {
  it('S9/S14: every error code has one class: blocking, retryable or permanent', () => {
    for (const code of ERROR_CODES) {
      const cls = classifyErrorCode(code);
      if (code === 'unauthorized' || code === 'upgrade_required') expect(cls).toBe(code);
      else expect(cls).toBe(isRetryableCode(code) ? 'retryable' : 'permanent');
    }
    expect(classifyErrorCode('validation_failed')).toBe('permanent');
    expect(classifyErrorCode('rate_limited')).toBe('retryable');
  });

  it('S9: no answer, a bad body and a failed device store are retried', () => {
    expect(classifyApiError({ kind: 'network', message: 'offline' })).toBe('retryable');
    expect(classifyApiError({ kind: 'invalid_response', status: 200, message: 'x' })).toBe('retryable');
    expect(classifyApiError({ kind: 'storage', message: 'QuotaExceededError' })).toBe('retryable');
  });

  it('S9: a response without our envelope gets the code its status stands for', () => {
    const classOf = (status: number) =>
      classifyApiError({ kind: 'http', status, code: codeForStatus(status), message: '' });
    expect([401, 426, 500, 502, 503, 408, 429, 400, 404, 413].map(classOf)).toEqual([
      'unauthorized',
      'upgrade_required',
      'retryable',
      'retryable',
      'retryable',
      'retryable',
      'retryable',
      'permanent',
      'permanent',
      'permanent',
    ]);
  });
});
