import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

/**
 * A signed-in browser session. Its id is the SHA-256 of the cookie's token: the token itself is never
 * stored, so a copy of the database lets no one in.
 */
export const SessionSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{64}$/),
  /** The user's own tenant. */
  tenantId: IdSchema,
  userId: IdSchema,
  /** The tenant the user acts for: their own, or, for a platform admin, the one they switched to. */
  actingTenantId: IdSchema,
  /** Sent back in `X-CSRF-Token` with every write made with this session's cookie. */
  csrfToken: z.string().min(32),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  /** The absolute end of the session, however active it is. */
  expiresAt: TimestampSchema,
});
export type Session = z.infer<typeof SessionSchema>;

/**
 * What an API token may do, within its user's role: read; operate (run, replay, resolve); edit (change
 * connections and integrations); admin (everything the role may). A token never creates tokens.
 */
export const TOKEN_SCOPES = ['read', 'operate', 'edit', 'admin'] as const;
export const TokenScopeSchema = z.enum(TOKEN_SCOPES);
export type TokenScope = z.infer<typeof TokenScopeSchema>;

/** A personal API token for automation (`Authorization: Bearer isk_…`), stored as a hash. */
export const ApiTokenSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  userId: IdSchema,
  name: z.string().min(1).max(100),
  tokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The token's first characters, to tell tokens apart in a list. */
  prefix: z.string().max(16),
  /** Tokens made before scopes existed could do what their user's role allows: they keep every scope. */
  scopes: z
    .array(TokenScopeSchema)
    .min(1)
    .max(TOKEN_SCOPES.length)
    .default([...TOKEN_SCOPES]),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
  expiresAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const NewApiTokenSchema = ApiTokenSchema.pick({
  userId: true,
  name: true,
  tokenHash: true,
  prefix: true,
  scopes: true,
  expiresAt: true,
});
export type NewApiToken = z.input<typeof NewApiTokenSchema>;
