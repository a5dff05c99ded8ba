import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common.js';

export const SystemSchema = z.enum(['plangrid', 'nuvolo', 'rest', 'maximo']);
export type System = z.infer<typeof SystemSchema>;

export const AuthKindSchema = z.enum([
  'api-key',
  'basic',
  'bearer',
  'oauth2-password',
  'oauth2-client-credentials',
  'oauth2-authorization-code',
]);
export type AuthKind = z.infer<typeof AuthKindSchema>;

/** A secret sealed by `secrets.seal`: `v1.<keyId>.<nonce>.<ciphertext+tag>` — opaque outside secrets.ts. */
export const SealedSecretSchema = z.string().regex(/^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
export type SealedSecret = z.infer<typeof SealedSecretSchema>;

export const ConnectionSchema = z.object({
  id: IdSchema,
  tenantId: IdSchema,
  system: SystemSchema,
  name: z.string().min(1).max(200),
  baseUrl: z.url({ protocol: /^https?$/ }),
  authKind: AuthKindSchema,
  /** Non-secret settings: a PlanGrid project, an OAuth client id, a generic REST connector definition. */
  options: z.record(z.string(), z.unknown()),
  /** Credentials sealed at rest; the API never returns this field. */
  secret: SealedSecretSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Connection = z.infer<typeof ConnectionSchema>;

export const NewConnectionSchema = ConnectionSchema.pick({
  system: true,
  name: true,
  baseUrl: true,
  authKind: true,
  secret: true,
}).extend({ options: ConnectionSchema.shape.options.default({}) });
export type NewConnection = z.input<typeof NewConnectionSchema>;

export const ConnectionPatchSchema = NewConnectionSchema.partial();
export type ConnectionPatch = z.input<typeof ConnectionPatchSchema>;
