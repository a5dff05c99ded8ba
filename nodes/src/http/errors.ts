import type { Redactor } from './redact.js';

/**
 * auth: 401/403 · rate-limit: 429 · api-4xx / api-5xx: other client and server errors ·
 * timeout: no complete answer in time · network: no answer at all (refused, reset, DNS).
 */
export type HttpErrorKind = 'auth' | 'rate-limit' | 'api-4xx' | 'api-5xx' | 'timeout' | 'network';

export interface HttpErrorDetails {
  kind: HttpErrorKind;
  /** The system the connection talks to, e.g. "Nuvolo". */
  system: string;
  method: string;
  /** Without credentials. */
  url: string;
  status: number | undefined;
  /** The start of the response body, redacted. */
  responseSnippet: string | undefined;
  retryable: boolean;
  attempts: number;
  /** The answer's headers, when there was an answer (for connector definitions' error handlers). */
  responseHeaders?: Readonly<Record<string, string>> | undefined;
}

/** Every message is already redacted: it may go to logs, traces and the exception log as is. */
export class HttpError extends Error implements HttpErrorDetails {
  readonly kind: HttpErrorKind;
  readonly system: string;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly responseSnippet: string | undefined;
  readonly retryable: boolean;
  readonly attempts: number;
  readonly responseHeaders: Readonly<Record<string, string>> | undefined;

  constructor(message: string, details: HttpErrorDetails) {
    super(message);
    this.name = 'HttpError';
    this.kind = details.kind;
    this.system = details.system;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.responseSnippet = details.responseSnippet;
    this.retryable = details.retryable;
    this.attempts = details.attempts;
    this.responseHeaders = details.responseHeaders;
  }
}

const SNIPPET_LENGTH = 500;

export function kindOfStatus(status: number): HttpErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate-limit';
  return status >= 500 ? 'api-5xx' : 'api-4xx';
}

const ADVICE: Record<HttpErrorKind, string> = {
  auth: "check the connection's credentials and that its account may access this resource",
  'rate-limit':
    "the server kept limiting the request rate; lower the connection's requests per second or try later",
  'api-4xx':
    'the server rejected the request; check the values sent (field map, status map) against what it accepts',
  'api-5xx': 'the server failed to handle the request',
  timeout: "the server did not answer in time; raise the connection's timeout or check the server's health",
  network: "check the connection's base URL and that the server is reachable from iSync",
};

interface RequestFacts {
  system: string;
  method: string;
  url: string;
  attempts: number;
  retryable: boolean;
  /** Why retrying stopped early, when it did. */
  note?: string | undefined;
}

export function errorFromResponse(
  request: RequestFacts,
  status: number,
  bodyText: string,
  redactor: Redactor,
  headers?: Readonly<Record<string, string>>,
): HttpError {
  const kind = kindOfStatus(status);
  const snippet = redactor.text(bodyText.slice(0, SNIPPET_LENGTH * 4)).slice(0, SNIPPET_LENGTH);
  const said = serverMessage(bodyText);
  const quoted = said === undefined ? '' : `: "${redactor.text(said).slice(0, SNIPPET_LENGTH)}"`;
  const message = `${request.system} answered ${status} to ${request.method} ${request.url}${quoted} — ${ADVICE[kind]}${tail(request)}`;
  return new HttpError(message, {
    ...request,
    kind,
    status,
    responseSnippet: snippet || undefined,
    responseHeaders: headers && redactedHeaders(headers, redactor),
  });
}

/**
 * A redirect (3xx): never followed (it could lead anywhere) and never a success. The API answers from
 * somewhere else than the base URL says (http to https, a login page, a moved path).
 */
export function errorFromRedirect(
  request: RequestFacts,
  status: number,
  location: string | undefined,
  redactor: Redactor,
): HttpError {
  const to = location ? ` to ${redactor.text(location).slice(0, SNIPPET_LENGTH)}` : '';
  const message = `${request.system} answered ${status}, a redirect${to}, to ${request.method} ${request.url} — iSync does not follow redirects: check the connection's base URL (https or http, host and path) points at the API itself${tail(request)}`;
  return new HttpError(message, { ...request, kind: 'api-4xx', status, responseSnippet: undefined });
}

/** A success status with a body that claims JSON and does not parse (cut off or garbled on the way). */
export function errorFromMalformed(
  request: RequestFacts,
  status: number,
  bodyText: string,
  redactor: Redactor,
): HttpError {
  const snippet = redactor.text(bodyText.slice(0, SNIPPET_LENGTH * 4)).slice(0, SNIPPET_LENGTH);
  const message = `${request.system} answered ${status} to ${request.method} ${request.url} with a body that is not valid JSON (cut off or garbled) — ${ADVICE['api-5xx']}${tail(request)}`;
  return new HttpError(message, {
    ...request,
    kind: 'api-5xx',
    status,
    responseSnippet: snippet || undefined,
  });
}

export function errorFromFailure(
  request: RequestFacts,
  kind: 'timeout' | 'network',
  what: string,
  redactor: Redactor,
): HttpError {
  const message = `${request.system} ${redactor.text(what)} for ${request.method} ${request.url} — ${ADVICE[kind]}${tail(request)}`;
  return new HttpError(message, { ...request, kind, status: undefined, responseSnippet: undefined });
}

function tail(request: RequestFacts): string {
  const attempts = request.attempts > 1 ? ` (gave up after ${request.attempts} attempts)` : '';
  return `${request.note === undefined ? '' : `; ${request.note}`}${attempts}.`;
}

/** The human part of an error body: ServiceNow `{error: {message, detail}}`, `{message}`, `{errors: [...]}`, or text. */
export function serverMessage(bodyText: string): string | undefined {
  const text = bodyText.trim();
  if (text === '') return undefined;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.startsWith('<') ? undefined : text;
  }
  const found = messageIn(body);
  return found ?? text;
}

function messageIn(body: unknown): string | undefined {
  if (typeof body === 'string') return body;
  if (typeof body !== 'object' || body === null) return undefined;
  if (Array.isArray(body)) return messageIn(body[0]);
  const record = body as Record<string, unknown>;
  const message = messageIn(record.message) ?? messageIn(record.error) ?? messageIn(record.errors);
  const detail = typeof record.detail === 'string' && record.detail !== message ? record.detail : undefined;
  return message !== undefined && detail !== undefined ? `${message} (${detail})` : (message ?? detail);
}

/** The answer's headers without credential headers, and with known secrets removed from the rest. */
function redactedHeaders(
  headers: Readonly<Record<string, string>>,
  redactor: Redactor,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers)
      .filter(([name]) => !redactor.isSecretHeader(name))
      .map(([name, value]) => [name, redactor.text(value)]),
  );
}
