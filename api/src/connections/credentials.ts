import { z } from 'zod';
import type { AuthKind } from '@isync/core';

const secret = z.string().min(1).max(4000);

/** What each kind of authentication needs; the API seals it and never answers it back. */
export const CREDENTIALS: Record<AuthKind, z.ZodObject> = {
  'api-key': z.object({ apiKey: secret }).strict(),
  basic: z.object({ username: z.string().min(1).max(200), password: secret }).strict(),
  bearer: z.object({ token: secret }).strict(),
  'oauth2-password': z
    .object({
      clientId: z.string().min(1).max(200),
      clientSecret: secret,
      username: z.string().min(1).max(200),
      password: secret,
    })
    .strict(),
  'oauth2-client-credentials': z
    .object({
      clientId: z.string().min(1).max(200),
      clientSecret: secret,
      tokenUrl: z.url().optional(),
      scope: z.string().max(500).optional(),
    })
    .strict(),
  'oauth2-authorization-code': z
    .object({
      clientId: z.string().min(1).max(200),
      clientSecret: secret,
      accessToken: secret,
      refreshToken: secret,
    })
    .strict(),
};

export const CredentialsSchema = z.record(z.string(), z.unknown());
