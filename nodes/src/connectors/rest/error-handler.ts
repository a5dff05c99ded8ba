import { PushRefused } from '../../destination/runtime.js';
import { HttpError } from '../../http/index.js';
import type { ErrorRule } from './definition.js';
import { select } from './template.js';

/*
 * A definition's error handler: rules matched in order against an error answer (its status, a value in
 * its JSON body, a header), each saying retry with backoff, ignore, or fail as a configuration or a data
 * error. Answers no rule matches keep the engine's defaults: the HTTP client has already retried 429 and
 * 5xx with backoff and Retry-After.
 */

export type ErrorDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'ignore' }
  | { action: 'fail'; error: Error }
  | { action: 'rethrow' };

function statusMatches(status: number, matches: readonly (number | string)[]): boolean {
  return matches.some((match) =>
    typeof match === 'number' ? match === status : Math.floor(status / 100) === Number(match[0]),
  );
}

function bodyOf(error: HttpError): unknown {
  if (error.responseSnippet === undefined) return undefined;
  try {
    return JSON.parse(error.responseSnippet) as unknown;
  } catch {
    return undefined;
  }
}

function headerOf(error: HttpError, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(error.responseHeaders ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Whether a rule's filter holds for this error answer. */
export function ruleMatches(rule: ErrorRule, error: HttpError): boolean {
  const { when } = rule;
  if (error.status === undefined) return false;
  if (when.status && !statusMatches(error.status, when.status)) return false;
  const snippet = error.responseSnippet ?? '';
  if (when.bodyPath !== undefined) {
    const value = select(bodyOf(error), when.bodyPath);
    if (value === undefined || value === null) return false;
    if (
      when.bodyEquals !== undefined &&
      value !== when.bodyEquals &&
      String(value) !== String(when.bodyEquals)
    )
      return false;
    if (when.bodyContains !== undefined && !String(value).includes(when.bodyContains)) return false;
  } else {
    if (when.bodyEquals !== undefined && snippet.trim() !== String(when.bodyEquals)) return false;
    if (when.bodyContains !== undefined && !snippet.includes(when.bodyContains)) return false;
  }
  if (when.header !== undefined) {
    const value = headerOf(error, when.header);
    if (value === undefined) return false;
    if (when.headerContains !== undefined && !value.includes(when.headerContains)) return false;
  }
  return true;
}

/** The server's own wait (Retry-After in seconds or as a date), if it asked for one. */
function retryAfterMs(error: HttpError, now: number): number | undefined {
  const value = headerOf(error, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * What to do with a failed request: `retries` is how often the matching rule has already retried it.
 * `random` is in [0, 1) for the backoff's jitter.
 */
export function decide(
  rules: readonly ErrorRule[],
  error: unknown,
  retries: number,
  what: string,
  random: () => number = Math.random,
  now: number = Date.now(),
): ErrorDecision {
  if (!(error instanceof HttpError)) return { action: 'rethrow' };
  const rule = rules.find((candidate) => ruleMatches(candidate, error));
  if (!rule) return { action: 'rethrow' };
  const { then } = rule;
  switch (then.action) {
    case 'ignore':
      return { action: 'ignore' };
    case 'retry': {
      if (retries >= then.maxRetries) return { action: 'rethrow' };
      const backoff = random() * Math.min(then.maxDelayMs, then.baseDelayMs * 2 ** retries);
      return { action: 'retry', delayMs: Math.max(backoff, retryAfterMs(error, now) ?? 0) };
    }
    case 'fail':
      return { action: 'fail', error: failure(then.as, then.message, error, what) };
  }
}

/** An error answer the definition's error handler calls a configuration error: its message says what to fix. */
export class ConfiguredFailure extends HttpError {}

function failure(as: 'configuration' | 'data', said: string | undefined, error: HttpError, what: string) {
  const server = error.message;
  if (as === 'data') {
    return new PushRefused(
      'validation',
      `${said ?? `${error.system} refused ${what} for its data`} — ${server} The connector definition calls ` +
        'this a data error: change the record (or its mapping) and it is tried again.',
    );
  }
  return new ConfiguredFailure(
    `${said ?? `${error.system} refused ${what}`} — ${server} The connector definition calls this a ` +
      'configuration error: fix the connection or its definition; retrying will not help.',
    {
      kind: error.retryable || error.kind === 'rate-limit' ? 'api-4xx' : error.kind,
      system: error.system,
      method: error.method,
      url: error.url,
      status: error.status,
      responseSnippet: error.responseSnippet,
      responseHeaders: error.responseHeaders,
      retryable: false,
      attempts: error.attempts,
    },
  );
}
