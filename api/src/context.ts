import type { Logger, Role, TokenScope } from '@isync/core';

/** What an embed token allows: views of some integrations, read-only or with run/replay actions. */
export interface EmbedScope {
  integrationIds: string[];
  views: ('dashboard' | 'runs' | 'timeline' | 'exceptions')[];
  mode: 'read-only' | 'operate';
}

/** Who is calling, established by one middleware from a session cookie, an API token or an embed token. */
export interface Principal {
  via: 'session' | 'token' | 'embed';
  userId: string | null;
  /** The user's own tenant. */
  tenantId: string;
  /** The tenant every repository call is scoped to. */
  actingTenantId: string;
  role: Role;
  email: string | null;
  name: string | null;
  /** Session-authenticated writes must send this in `X-CSRF-Token`. */
  csrfToken?: string;
  sessionTokenHash?: string;
  embed?: EmbedScope;
  /** An API token's scopes: what it may do within the role. */
  scopes?: readonly TokenScope[];
}

export type AppEnv = {
  Variables: {
    logger: Logger;
    requestId: string;
    principal: Principal | null;
  };
};
