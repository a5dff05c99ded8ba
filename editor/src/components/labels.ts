/** How a person names what the API names by id. */

/** An object of a system: "Tasks (issues)" stays as it is; "Work orders" becomes "Work orders (wo)". */
export const objectLabel = (object: { name: string; label: string }): string =>
  object.label.toLowerCase().includes(object.name.toLowerCase())
    ? object.label
    : `${object.label} (${object.name})`;

const AUTH_KINDS: Record<string, string> = {
  'api-key': 'API key',
  basic: 'User name and password (basic)',
  bearer: 'Bearer token',
  'oauth2-client-credentials': 'OAuth 2 client credentials',
  'oauth2-password': 'OAuth 2 with a user name and password',
  none: 'None',
};

/** An authentication kind in words ("OAuth 2 client credentials" for `oauth2-client-credentials`). */
export const authLabel = (kind: string): string => AUTH_KINDS[kind] ?? kind;
