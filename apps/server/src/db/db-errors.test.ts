import { describe, expect, it } from 'vitest';
import { isDataException, isUnavailable } from './db-errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isUnavailable: connection failures are retryable (503), not bugs (500)', () => {
  it.each([
    ['refused', withCode('ECONNREFUSED')],
    ['reset', withCode('ECONNRESET')],
    ['timed out', withCode('ETIMEDOUT')],
    [
      'admin_shutdown (pg_terminate_backend)',
      withCode('57P01', 'terminating connection due to administrator command'),
    ],
    ['cannot_connect_now (starting up)', withCode('57P03', 'the database system is starting up')],
    ['connection ended under a query', new Error('Connection terminated unexpectedly')],
    ['connect timed out', new Error('Connection terminated due to connection timeout')],
    ['pool wait timed out', new Error('timeout exceeded when trying to connect')],
    // Regression (issue 6 fault suite): a checked-out client whose connection died answered 500.
    ['query on a dead client', new Error('Client has encountered a connection error and is not queryable')],
    ['query on a closed client', new Error('Client was closed and is not queryable')],
    ['SQLite busy', withCode('SQLITE_BUSY')],
  ])('%s', (_name, err) => {
    expect(isUnavailable(err)).toBe(true);
    expect(isDataException(err)).toBe(false);
  });

  it.each([
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['a unique violation', withCode('23505')],
    ['a data exception', withCode('22003')],
    ['not an error', 'Connection terminated'],
  ])('%s is not', (_name, err) => {
    expect(isUnavailable(err)).toBe(false);
  });
});
