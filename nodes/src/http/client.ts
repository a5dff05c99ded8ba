import pLimit from 'p-limit';
import { isIP } from 'node:net';
import { Agent } from 'undici';
import { guardedLookup, refusalOf } from './address-policy.js';
import type { AddressPolicy, HostResolver } from './address-policy.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { errorFromFailure, errorFromMalformed, errorFromRedirect, errorFromResponse } from './errors.js';
import type { HttpError } from './errors.js';
import { Redactor } from './redact.js';
import {
  decideRetry,
  DEFAULT_RETRY,
  RETRYABLE_NETWORK_CODES,
  RETRYABLE_STATUSES,
  serverRequestedDelayMs,
  UNSENT_NETWORK_CODES,
} from './retry-policy.js';
import type { RetryOptions } from './retry-policy.js';
import { Pacer } from './pacer.js';
import { AttemptTimedOut, sendOnce, type Answer } from './send.js';
import { TokenBucket } from './token-bucket.js';

/** pino-compatible. */
export interface HttpLogger {
  warn(obj: object, msg: string): void;
  debug(obj: object, msg: string): void;
  /** When present, debug lines are only built while the level is on (pino's). */
  isLevelEnabled?(level: string): boolean;
}

export interface HttpClientOptions {
  /** Every relative path resolves against it; absolute URLs must share its origin. */
  baseUrl: string;
  /** The system's name in messages, e.g. "Nuvolo"; default the base URL's host. */
  system?: string;
  /** Sent with every request, e.g. `{ authorization: 'Basic …' }`. */
  headers?: Readonly<Record<string, string>>;
  /** Strings that must never appear in an error or a log line (passwords, API keys, tokens). */
  secrets?: readonly string[];
  /** Headers whose values are secrets, besides Authorization, Cookie, X-API-Key and the like. */
  secretHeaders?: readonly string[];
  /** Per attempt, until the whole response body has arrived; default 30 000. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Requests in flight at once; default 4. */
  concurrency?: number;
  /** Default: no rate limit. */
  requestsPerSecond?: number;
  /**
   * Requests that may start at once before the rate applies; default `requestsPerSecond`. Against a server
   * that counts fixed windows (ServiceNow), `burst` + `requestsPerSecond` must stay within its limit.
   */
  burst?: number;
  logger?: HttpLogger;
  clock?: Clock;
  /** In [0, 1), for the backoff jitter; default Math.random. */
  random?: () => number;
  /** Which addresses the client may connect to, checked at every connect; default: any. */
  addressPolicy?: AddressPolicy;
  /** How host names are resolved under `addressPolicy`; default the system resolver. */
  resolveHost?: HostResolver;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface HttpRequest {
  method?: HttpMethod;
  /** Relative to the base URL, or an absolute URL of the same origin (e.g. a `next_page_url`). */
  path: string;
  query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as is; use `headers` for its content type. */
  body?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** `false` makes one attempt only, e.g. for a request that must not be repeated. */
  retry?: boolean;
  /**
   * Narrows the retries to answers with these statuses and to connections that never opened: no retry
   * after a timeout, a reset or any other answer. For a request that must not take effect twice (a
   * create): `UNPROCESSED_STATUSES`.
   */
  retryOn?: readonly number[];
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed when the response is JSON, else the text. */
  body: T;
  url: string;
  attempts: number;
}

export interface HttpClient {
  /** Resolves with a response below 400; rejects with an `HttpError`, or the signal's reason once aborted. */
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  /** A secret learnt later, e.g. a refreshed OAuth token that appears in response bodies. */
  addSecret(secret: string): void;
  /** Removes every known secret from a text, for connectors' own messages. */
  redact(text: string): string;
  close(): Promise<void>;
}

interface Failure {
  retryable: boolean;
  /** A 429: the server refused for its rate. */
  rateLimited: boolean;
  serverDelayMs: number | undefined;
  label: string;
  toError(attempts: number, note: string | undefined): HttpError;
}

type Outcome = { response: Omit<HttpResponse, 'attempts' | 'url'> } | { failure: Failure };

interface Exchange {
  url: URL;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  /** Statuses worth another attempt; with `unsentOnly`, only connection failures before sending are. */
  retryStatuses: ReadonlySet<number>;
  unsentOnly: boolean;
  facts: { system: string; method: string; url: string };
}

interface Target {
  url: URL;
  shown: string;
  /** The redactor's version `shown` was made with. */
  version: number;
}

/** Distinct paths and queries kept per client (creates share one; updates name a record each). */
const MAX_KEPT_TARGETS = 256;

/** A path and the query parameters it is sent with (those set), as one key. */
function targetKey(path: string, query: HttpRequest['query']): string {
  let key = path;
  for (const name in query) {
    const value = query[name];
    if (value !== undefined && value !== null) key += `\u0000${name}=${String(value)}`;
  }
  return key;
}

/** A request's `retryOn` is usually one shared list (`UNPROCESSED_STATUSES`): its set is made once. */
const statusSets = new WeakMap<readonly number[], ReadonlySet<number>>();
function statusSet(statuses: readonly number[]): ReadonlySet<number> {
  let set = statusSets.get(statuses);
  if (!set) statusSets.set(statuses, (set = new Set(statuses)));
  return set;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 4;

/**
 * One client per connection: one keep-alive connection pool, one concurrency limit, one token
 * bucket, one set of secrets. Retries 429, 502, 503, 504, timeouts and connection resets (a request's
 * `retryOn` narrows that).
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  const system = options.system ?? base.host;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const redactor = new Redactor(options.secrets, options.secretHeaders);
  const defaultHeaders = { accept: 'application/json', ...options.headers };
  redactor.learnFromHeaders(defaultHeaders);
  redactor.learnFromUrl(base);

  const policy = options.addressPolicy;
  const agent = new Agent({
    connections: concurrency,
    keepAliveTimeout: 30_000,
    // Redirects are not followed (no redirect interceptor): a 3xx is a failure, never chased to another host.
    ...(policy && { connect: { lookup: guardedLookup(policy, options.resolveHost) } }),
  });
  // A literal address is connected to without a lookup, so it is checked here.
  const bareHost = base.hostname.replace(/^\[|\]$/g, '');
  const literalRefusal = policy && isIP(bareHost) ? refusalOf(bareHost, bareHost, policy) : null;
  // At most `concurrency` requests in flight per connection; the others queue in arrival order.
  const limit = pLimit(concurrency);
  const bucket =
    options.requestsPerSecond === undefined
      ? undefined
      : new TokenBucket(options.requestsPerSecond, options.burst ?? options.requestsPerSecond, clock);
  // A server that asks one request to wait asks the whole connection to: others hold back too.
  const pacer = new Pacer(clock, bucket);

  function resolveUrl(path: string, query: HttpRequest['query']): URL {
    const url = new URL(/^https?:\/\//i.test(path) ? path : path.replace(/^\/+/, ''), base);
    if (url.origin !== base.origin) {
      throw new Error(
        `Refusing to send ${system} credentials to ${redactor.url(url)}: not under ${redactor.url(base)}`,
      );
    }
    for (const [name, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
    }
    redactor.learnFromUrl(url);
    return url;
  }

  /**
   * Where a request goes and how its URL is shown. Resolved once per path and query and kept (every create of
   * a batch goes to the same one), its shown form until a new secret is learnt.
   */
  const targets = new Map<string, Target>();
  function targetOf(path: string, query: HttpRequest['query']): Target {
    const key = targetKey(path, query);
    let target = targets.get(key);
    if (!target) {
      const url = resolveUrl(path, query);
      target = { url, shown: redactor.url(url), version: redactor.version };
      if (targets.size >= MAX_KEPT_TARGETS) targets.clear();
      targets.set(key, target);
    } else if (target.version !== redactor.version) {
      target.shown = redactor.url(target.url);
      target.version = redactor.version;
    }
    return target;
  }

  async function exchange(x: Exchange): Promise<Outcome> {
    const started = performance.now();
    let answer: Answer;
    try {
      if (literalRefusal) throw literalRefusal;
      answer = await sendOnce(agent, x);
    } catch (error) {
      if (x.signal?.aborted) throw x.signal.reason;
      if (error instanceof AttemptTimedOut) {
        return failureOf(x, 'timeout', !x.unsentOnly, `did not answer within ${x.timeoutMs} ms`);
      }
      const code = errorCode(error);
      const reason = error instanceof Error ? error.message : String(error);
      const retryable =
        code !== undefined && (x.unsentOnly ? UNSENT_NETWORK_CODES : RETRYABLE_NETWORK_CODES).has(code);
      return failureOf(x, 'network', retryable, `could not be reached (${reason}${code ? `, ${code}` : ''})`);
    }
    const { status, headers, text } = answer;
    if (options.logger && (options.logger.isLevelEnabled?.('debug') ?? true)) {
      const elapsedMs = Math.round(performance.now() - started);
      options.logger.debug({ ...x.facts, status, elapsedMs }, `${x.facts.method} ${x.facts.url} → ${status}`);
    }
    const body = parseBody(text, headers['content-type']);
    if (status >= 300 && status < 400) {
      // A redirect is not a success: it is never followed, and whatever it answered is not the API's.
      const location = headers.location;
      return {
        failure: {
          retryable: false,
          rateLimited: false,
          serverDelayMs: undefined,
          label: String(status),
          toError: (attempts, note) =>
            errorFromRedirect(
              { ...x.facts, attempts, retryable: false, note },
              status,
              Array.isArray(location) ? location[0] : location,
              redactor,
            ),
        },
      };
    }
    if (status < 400 && body === MALFORMED) {
      // A cut-off or garbled answer: an idempotent request may be repeated; a create may have been made.
      const retryable = !x.unsentOnly;
      return {
        failure: {
          retryable,
          rateLimited: false,
          serverDelayMs: undefined,
          label: 'malformed',
          toError: (attempts, note) =>
            errorFromMalformed({ ...x.facts, attempts, retryable, note }, status, text, redactor),
        },
      };
    }
    if (status < 400) return { response: { status, headers: flattenHeaders(headers), body } };
    const retryable = x.retryStatuses.has(status);
    return {
      failure: {
        retryable,
        rateLimited: status === 429,
        serverDelayMs: retryable
          ? serverRequestedDelayMs(headers, body === MALFORMED ? text : body, clock.now())
          : undefined,
        label: String(status),
        toError: (attempts, note) =>
          errorFromResponse(
            { ...x.facts, attempts, retryable, note },
            status,
            text,
            redactor,
            flattenHeaders(headers),
          ),
      },
    };
  }

  function failureOf(
    x: Exchange,
    kind: 'timeout' | 'network',
    retryable: boolean,
    what: string,
  ): { failure: Failure } {
    return {
      failure: {
        retryable,
        rateLimited: false,
        serverDelayMs: undefined,
        label: kind,
        toError: (attempts, note) =>
          errorFromFailure({ ...x.facts, attempts, retryable, note }, kind, what, redactor),
      },
    };
  }

  function attempt(x: Exchange): Promise<Outcome> {
    return limit(async () => {
      // Aborted while it waited for its turn: it is never sent.
      x.signal?.throwIfAborted();
      await pacer.ready(x.signal);
      return exchange(x);
    });
  }

  return {
    async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
      const { url, shown } = targetOf(request.path, request.query);
      const method = request.method ?? 'GET';
      const headers: Record<string, string> = { ...defaultHeaders, ...request.headers };
      if (request.json !== undefined) headers['content-type'] ??= 'application/json';
      redactor.learnFromHeaders(headers);
      const x: Exchange = {
        url,
        method,
        headers,
        body: request.json !== undefined ? JSON.stringify(request.json) : request.body,
        timeoutMs: request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        signal: request.signal,
        retryStatuses: request.retryOn ? statusSet(request.retryOn) : RETRYABLE_STATUSES,
        unsentOnly: request.retryOn !== undefined,
        facts: { system, method, url: shown },
      };

      let waitedMs = 0;
      for (let attempts = 1; ; attempts++) {
        const outcome = await attempt(x);
        if ('response' in outcome)
          return { ...outcome.response, body: outcome.response.body as T, url: x.facts.url, attempts };
        const { failure } = outcome;
        const decision = decideRetry(
          {
            attempt: attempts,
            retryable: failure.retryable && request.retry !== false,
            serverDelayMs: failure.serverDelayMs,
            waitedMs,
          },
          retry,
          random,
        );
        if (!decision.retry) throw failure.toError(attempts, decision.note);
        if (failure.serverDelayMs !== undefined || failure.rateLimited)
          pacer.pause(failure.serverDelayMs ?? 0);
        const delayMs = Math.round(decision.delayMs);
        options.logger?.warn(
          { ...x.facts, outcome: failure.label, attempt: attempts, delayMs },
          `${system} ${failure.label} for ${x.facts.method} ${x.facts.url}; retrying in ${delayMs} ms`,
        );
        await clock.sleep(decision.delayMs, request.signal);
        waitedMs += decision.delayMs;
      }
    },
    addSecret: (secret) => redactor.add(secret),
    redact: (text) => redactor.text(text),
    close: () => agent.close(),
  };
}

/** Stands for a body that claims to be JSON and does not parse. */
const MALFORMED = Symbol('malformed JSON');

function parseBody(text: string, contentType: string | string[] | undefined): unknown {
  const type = Array.isArray(contentType) ? contentType[0] : contentType;
  if (text === '' || !type?.includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return MALFORMED;
  }
}

function flattenHeaders(headers: Answer['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED') return code;
  }
  return undefined;
}
