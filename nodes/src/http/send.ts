import type { Dispatcher } from 'undici';

/** A whole answer: its final status, its headers (lower-case names) and its body as text. */
export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface Attempt {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  /** Until the whole answer has arrived. */
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** The answer did not arrive whole within the attempt's time. */
export class AttemptTimedOut extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no whole answer within ${timeoutMs} ms`);
  }
}

/**
 * One request through the dispatcher's low-level API, its answer read whole into a string. Rejects with
 * `AttemptTimedOut`, with the signal's reason once it aborts, or with the dispatcher's own error (a refused
 * connection, a reset). Every caller reads each answer to its end: undici's `request()` would build a
 * stream, an abort controller and their listeners per response for that (about a fifth of a POST's client CPU here).
 */
export function sendOnce(dispatcher: Dispatcher, attempt: Attempt): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    if (attempt.signal?.aborted) return reject(attempt.signal.reason);
    let controller: Dispatcher.DispatchController | null = null;
    let ended = false;
    let status = 0;
    let headers: Answer['headers'] = {};
    const chunks: Buffer[] = [];

    const end = (outcome: () => void) => {
      if (ended) return false;
      ended = true;
      clearTimeout(timer);
      attempt.signal?.removeEventListener('abort', onAbort);
      outcome();
      return true;
    };
    // Given up from here: settled at once, and the exchange cut wherever it is (or as soon as it starts).
    const giveUp = (reason: unknown) => {
      if (end(() => reject(reason)))
        controller?.abort(reason instanceof Error ? reason : new Error(String(reason)));
    };
    const onAbort = () => giveUp(attempt.signal!.reason);
    const timer = setTimeout(() => giveUp(new AttemptTimedOut(attempt.timeoutMs)), attempt.timeoutMs);
    attempt.signal?.addEventListener('abort', onAbort, { once: true });

    try {
      dispatcher.dispatch(
        {
          origin: attempt.url.origin,
          path: attempt.url.pathname + attempt.url.search,
          method: attempt.method,
          headers: attempt.headers,
          body: attempt.body ?? null,
        },
        {
          onRequestStart(started) {
            controller = started;
            if (ended) started.abort(new Error('the attempt was given up before it started'));
          },
          onResponseStart(_controller, statusCode, responseHeaders) {
            // Called again after each informational (1xx) answer: the last one is the answer.
            status = statusCode;
            headers = responseHeaders;
            chunks.length = 0;
          },
          onResponseData(_controller, chunk) {
            chunks.push(chunk);
          },
          onResponseEnd() {
            const text =
              chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
            end(() => resolve({ status, headers, text }));
          },
          onResponseError(_controller, error) {
            end(() => reject(error));
          },
        },
      );
    } catch (error) {
      end(() => reject(error));
    }
  });
}
