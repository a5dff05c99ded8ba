import { createHttpClient } from '../../http/index.js';
import type { HttpClient } from '../../http/index.js';
import type { ConnectorInput } from '../connector.js';

/**
 * Credentials that name who signs in rather than prove it. Redacting them would blank ordinary words out
 * of every message ("admin" in "ask a tenant admin") without protecting anything.
 */
const IDENTIFIERS = new Set(['username', 'clientId']);

/** Every credential string that is a secret: all of them but the identifiers. */
export const connectionSecrets = (credentials: ConnectorInput['credentials']): string[] =>
  Object.entries(credentials)
    .filter(([name]) => !IDENTIFIERS.has(name))
    .map(([, value]) => value)
    .filter((value): value is string => typeof value === 'string' && value !== '');

/** The connection's one HTTP client, with every secret credential registered for redaction. */
export function connectorHttpClient(
  input: ConnectorInput,
  system: string,
  headers: Readonly<Record<string, string>> = {},
): HttpClient {
  const { http = {} } = input;
  return createHttpClient({
    baseUrl: input.connection.baseUrl,
    system,
    headers,
    secrets: connectionSecrets(input.credentials),
    ...(input.logger ? { logger: input.logger } : {}),
    ...(http.timeoutMs !== undefined ? { timeoutMs: http.timeoutMs } : {}),
    ...(http.requestsPerSecond !== undefined ? { requestsPerSecond: http.requestsPerSecond } : {}),
    ...(http.burst !== undefined ? { burst: http.burst } : {}),
    ...(http.concurrency !== undefined ? { concurrency: http.concurrency } : {}),
    ...(http.retry ? { retry: definedOnly(http.retry) } : {}),
    ...(http.addressPolicy ? { addressPolicy: http.addressPolicy } : {}),
    ...(http.resolveHost ? { resolveHost: http.resolveHost } : {}),
  });
}

function definedOnly<T extends object>(value: T): { [K in keyof T]-?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as never;
}

/** A credential the connection must have, or a message saying which one is missing. */
export function requiredCredential(input: ConnectorInput, name: string): string {
  const value = input.credentials[name];
  if (typeof value !== 'string' || value === '') {
    throw new Error(
      `The ${input.connection.system} connection "${input.connection.name}" has no ${name} in its credentials (auth ${input.connection.authKind}); edit the connection and enter it.`,
    );
  }
  return value;
}

export const basicAuthorization = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** Spreads an optional signal into a request (exactOptionalPropertyTypes refuses `signal: undefined`). */
export const signalOf = (signal: AbortSignal | undefined): { signal?: AbortSignal } =>
  signal ? { signal } : {};
