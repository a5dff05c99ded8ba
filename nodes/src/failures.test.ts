import { describe, expect, it } from 'vitest';
import { PushRefused } from './destination/runtime.js';
import { afterFailure, classify, failureOf } from './failures.js';
import { HttpError } from './http/index.js';

const httpError = (kind: 'api-5xx' | 'api-4xx' | 'auth' | 'rate-limit', status: number) =>
  new HttpError(`Nuvolo answered ${status}`, {
    kind,
    system: 'Nuvolo',
    method: 'POST',
    url: 'http://127.0.0.1/api/now/table/x',
    status,
    responseSnippet: undefined,
    retryable: kind === 'api-5xx' || kind === 'rate-limit',
    attempts: 1,
  });

const now = new Date('2026-12-07T10:00:00.000Z');
const options = { now, maxAttempts: 3, retryBaseMs: 30_000 };

describe('one failure taxonomy', () => {
  it('classifies server errors, rate limits and the network as transient; refusals and credentials as permanent', () => {
    expect(classify(httpError('api-5xx', 503))).toMatchObject({
      kind: 'api-5xx',
      transient: true,
      httpStatus: 503,
    });
    expect(classify(httpError('rate-limit', 429))).toMatchObject({ transient: true });
    expect(classify(httpError('api-4xx', 400))).toMatchObject({ kind: 'api-4xx', transient: false });
    expect(classify(httpError('auth', 401))).toMatchObject({ kind: 'auth', transient: false });
    expect(classify(new PushRefused('mapping', 'maps the correlation field'))).toMatchObject({
      kind: 'mapping',
      transient: false,
    });
    expect(classify(new TypeError('fetch failed'))).toMatchObject({ kind: 'network', transient: true });
    expect(failureOf('timeout', 'slow')).toMatchObject({ transient: true });
    expect(failureOf('expression', 'x is not defined')).toMatchObject({ transient: false });
  });

  it('says what will happen: a retry with its time, a replay once out of attempts, or a change', () => {
    expect(afterFailure(failureOf('api-5xx', 'Nuvolo answered 500 —'), 1, options)).toEqual({
      nextAttemptAt: new Date('2026-12-07T10:00:30.000Z'),
      message: 'Nuvolo answered 500. iSync tries again at 2026-12-07T10:00:30.000Z (attempt 2 of 3).',
    });
    expect(afterFailure(failureOf('api-5xx', 'Nuvolo answered 500'), 3, options)).toEqual({
      nextAttemptAt: null,
      message: 'Nuvolo answered 500. Tried 3 times; replay it once the cause is fixed.',
    });
    expect(afterFailure(failureOf('mapping', 'No location "B-201".'), 1, options)).toEqual({
      nextAttemptAt: null,
      message: 'No location "B-201". It waits for a change of the record or of the flow, or a replay.',
    });
  });
});
