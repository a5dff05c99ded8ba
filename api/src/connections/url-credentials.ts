import {
  openCredentials,
  sealCredentials,
  type AuthKind,
  type Connection,
  type Keyring,
  type Logger,
  type Store,
} from '@isync/core';
import { ApiError } from '../http/errors.js';
import { CREDENTIALS } from './credentials.js';

/** Query parameters whose value is a secret by their name (`sysparm_token`, `api_key`, `access_token`…). */
const SECRET_PARAMETER =
  /token|secret|passw(or)?d|pwd|api[-_]?key|access[-_]?key|credential|signature|^sig$|^auth|session|^key$/i;

/** What of a URL is a credential: its user name and password (`user:secret@`) and secret query parameters. */
export function credentialsInUrl(baseUrl: string): { userinfo: boolean; parameters: string[] } {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return { userinfo: false, parameters: [] };
  }
  return {
    userinfo: url.username !== '' || url.password !== '',
    parameters: [...new Set([...url.searchParams.keys()].filter((name) => SECRET_PARAMETER.test(name)))],
  };
}

/**
 * Refuses a base URL that carries credentials: they would be stored in clear and shown to every reader of
 * the connection. The answer points to the sealed secret fields of the connection's kind of authentication.
 */
export function assertNoCredentialsInUrl(baseUrl: string, authKind: AuthKind): void {
  const found = credentialsInUrl(baseUrl);
  if (!found.userinfo && found.parameters.length === 0) return;
  const secretFields = Object.keys(CREDENTIALS[authKind].shape).map((field) => `credentials.${field}`);
  const what = [
    ...(found.userinfo ? ['a user name and password (user:secret@)'] : []),
    ...found.parameters.map((name) => `the query parameter ${name}`),
  ].join(' and ');
  throw new ApiError(
    'credentials_in_url',
    `baseUrl carries ${what}; put credentials in the secret fields (${secretFields.join(', ')} for ${authKind}), which are sealed and never shown, and leave them out of the URL.`,
    400,
    { field: 'baseUrl', secretFields, parameters: found.parameters, userinfo: found.userinfo },
  );
}

/** The URL without its credentials, and the credentials it carried. */
export function withoutCredentials(baseUrl: string): {
  baseUrl: string;
  moved: { username?: string; password?: string; query?: Record<string, string> };
} {
  const url = new URL(baseUrl);
  const found = credentialsInUrl(baseUrl);
  const moved: { username?: string; password?: string; query?: Record<string, string> } = {};
  if (url.username) moved.username = decodeURIComponent(url.username);
  if (url.password) moved.password = decodeURIComponent(url.password);
  if (found.parameters.length > 0) {
    moved.query = Object.fromEntries(
      found.parameters.map((name) => [name, url.searchParams.get(name) ?? '']),
    );
    for (const name of found.parameters) url.searchParams.delete(name);
  }
  url.username = '';
  url.password = '';
  return { baseUrl: url.toString(), moved };
}

/**
 * A data migration run at start-up (it needs the keyring): connections saved before URLs were checked lose
 * the credentials their base URL carried, which move into their sealed secret (under `fromUrl`), so they
 * are no longer stored in clear nor shown. Idempotent; answers the connections it moved.
 */
export async function moveUrlCredentials(deps: {
  store: Store;
  keyring: Keyring;
  logger: Logger;
}): Promise<string[]> {
  const movedIds: string[] = [];
  let tenantCursor: string | undefined;
  do {
    const tenants = await deps.store.tenants.list({
      limit: 100,
      ...(tenantCursor && { cursor: tenantCursor }),
    });
    for (const tenant of tenants.items) {
      let cursor: string | undefined;
      do {
        const page = await deps.store.connections.list(tenant.id, { limit: 100, ...(cursor && { cursor }) });
        for (const connection of page.items) {
          if (await moveOne(deps, connection)) movedIds.push(connection.id);
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    tenantCursor = tenants.nextCursor ?? undefined;
  } while (tenantCursor);
  if (movedIds.length > 0)
    deps.logger.warn(
      { connectionIds: movedIds },
      'moved credentials out of connection base URLs into their sealed secrets',
    );
  return movedIds;
}

async function moveOne(deps: { store: Store; keyring: Keyring; logger: Logger }, connection: Connection) {
  const found = credentialsInUrl(connection.baseUrl);
  if (!found.userinfo && found.parameters.length === 0) return false;
  try {
    const { baseUrl, moved } = withoutCredentials(connection.baseUrl);
    const credentials = openCredentials<Record<string, unknown>>(
      deps.keyring,
      connection.secret,
      connection.tenantId,
    );
    const previous = (credentials.fromUrl ?? {}) as Record<string, unknown>;
    const secret = sealCredentials(
      deps.keyring,
      { ...credentials, fromUrl: { ...previous, ...moved } },
      connection.tenantId,
    );
    await deps.store.connections.update(connection.tenantId, connection.id, { baseUrl, secret });
    return true;
  } catch (error) {
    deps.logger.error(
      { err: error, tenantId: connection.tenantId, connectionId: connection.id },
      'could not move the credentials out of a connection base URL',
    );
    return false;
  }
}
