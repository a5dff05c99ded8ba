import type { ExceptionKind } from '@isync/core';
import { PushRefused } from './destination/runtime.js';
import { HttpError } from './http/errors.js';

/*
 * One failure taxonomy for every stage — source, transforms, lookups, destination (ARCHITECTURE.md, "One
 * failure taxonomy"). Transient failures (rate limits, server errors, timeouts, the network, lost answers)
 * are tried again: in the run where that is safe, then at later runs by the record's `nextAttemptAt`.
 * Permanent ones (validation, mapping, expressions, configuration, credentials) wait for a change of the
 * record or of the flow, or a replay. What a user reads says which will happen.
 */

export interface Failure {
  kind: ExceptionKind;
  /** Worth trying again as it is: nothing the user does is needed. */
  transient: boolean;
  message: string;
  httpStatus: number | null;
  responseSnippet: string | null;
}

const TRANSIENT_KINDS: ReadonlySet<ExceptionKind> = new Set(['rate-limit', 'api-5xx', 'timeout', 'network']);

export const isTransient = (kind: ExceptionKind): boolean => TRANSIENT_KINDS.has(kind);

/** What went wrong, in the exception log's terms. HttpError messages are already redacted. */
export function classify(error: unknown): Failure {
  if (error instanceof HttpError) {
    return {
      kind: error.kind,
      transient: isTransient(error.kind),
      message: error.message,
      httpStatus: error.status ?? null,
      responseSnippet: error.responseSnippet ?? null,
    };
  }
  if (error instanceof PushRefused) return refusal(error.kind, error.message);
  // Anything else thrown on the way to a system is the connection failing under the request.
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'network', transient: true, message, httpStatus: null, responseSnippet: null };
}

/** A failure no retry can mend: the flow or the data must change first (the message says which). */
export const refusal = (kind: ExceptionKind, message: string): Failure => ({
  kind,
  transient: false,
  message,
  httpStatus: null,
  responseSnippet: null,
});

/** A failure a node reported by its kind (a lookup's, a mapping's), transient or not by that kind. */
export const failureOf = (kind: ExceptionKind, message: string): Failure => ({
  ...refusal(kind, message),
  transient: isTransient(kind),
});

/** When a record that failed for the n-th time is tried again: 30 s, 1 min, 2 min, … capped at 1 h. */
export function nextAttemptAt(now: Date, attempts: number, baseMs = 30_000, capMs = 3_600_000): Date {
  return new Date(now.getTime() + Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1)));
}

export interface RetryDecision {
  /** When the record is tried again by itself; null when it waits for a change or a replay. */
  nextAttemptAt: Date | null;
  /** The failure's message with what happens next, as the record and the exception log tell it. */
  message: string;
}

/**
 * What happens to a record after a failure: a transient one is tried again later until `maxAttempts`; a
 * permanent one, or one out of attempts, waits. The message ends by saying which, so it is always true.
 */
export function afterFailure(
  failure: Failure,
  attempts: number,
  options: { now: Date; maxAttempts: number; retryBaseMs: number },
): RetryDecision {
  const sentence = failure.message.replace(/[\s.;—-]+$/, '');
  if (failure.transient && attempts < options.maxAttempts) {
    const at = nextAttemptAt(options.now, attempts, options.retryBaseMs);
    return {
      nextAttemptAt: at,
      message: `${sentence}. iSync tries again at ${at.toISOString()} (attempt ${attempts + 1} of ${options.maxAttempts}).`,
    };
  }
  return {
    nextAttemptAt: null,
    message: failure.transient
      ? `${sentence}. Tried ${attempts} times; replay it once the cause is fixed.`
      : `${sentence}. It waits for a change of the record or of the flow, or a replay.`,
  };
}
