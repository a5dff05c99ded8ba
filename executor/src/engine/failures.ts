import type { ExceptionKind } from '@isync/core';
import { HttpError, PushRefused } from '@isync/nodes';

export interface Failure {
  kind: ExceptionKind;
  message: string;
  httpStatus: number | null;
  responseSnippet: string | null;
  /** Worth another try on a later run (rate limits, server errors, timeouts, network). */
  retryable: boolean;
}

const RETRYABLE_KINDS = new Set<ExceptionKind>(['rate-limit', 'api-5xx', 'timeout', 'network']);

/** What went wrong, in the exception log's terms. HttpError messages are already redacted. */
export function describeFailure(error: unknown): Failure {
  if (error instanceof HttpError) {
    return {
      kind: error.kind,
      message: error.message,
      httpStatus: error.status ?? null,
      responseSnippet: error.responseSnippet ?? null,
      retryable: RETRYABLE_KINDS.has(error.kind),
    };
  }
  if (error instanceof PushRefused) return refusal(error.kind, error.message);
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'network', message, httpStatus: null, responseSnippet: null, retryable: true };
}

/** A failure no retry can mend: the flow or the data must change first (the message says which). */
export const refusal = (kind: ExceptionKind, message: string): Failure => ({
  kind,
  message,
  httpStatus: null,
  responseSnippet: null,
  retryable: false,
});

/** When a record that failed for the n-th time is tried again: 30 s, 1 min, 2 min, … capped at 1 h. */
export function nextAttemptAt(now: Date, attempts: number, baseMs = 30_000, capMs = 3_600_000): Date {
  return new Date(now.getTime() + Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1)));
}
