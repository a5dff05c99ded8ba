import { z } from 'zod';
import {
  ApiTokenSchema,
  ConnectionSchema,
  IntegrationSchema,
  TenantSchema,
  UserSchema,
  WIZARD_STEPS,
  type ApiToken,
  type Connection,
  type Integration,
  type User,
} from '@isync/core';

/*
 * What the API answers with. Secrets, password hashes and token hashes never leave: each view is the
 * domain object minus those fields, and every route answers through one of these.
 */

export const UserView = UserSchema.omit({ passwordHash: true });
export const userView = ({ passwordHash: _hash, ...user }: User): z.infer<typeof UserView> => user;

export const TenantView = TenantSchema;

export const ConnectionView = ConnectionSchema.omit({ secret: true });
export const connectionView = ({
  secret: _secret,
  ...connection
}: Connection): z.infer<typeof ConnectionView> => connection;

export const ApiTokenView = ApiTokenSchema.omit({ tokenHash: true });
export const apiTokenView = ({ tokenHash: _hash, ...token }: ApiToken): z.infer<typeof ApiTokenView> => token;

export const IntegrationView = IntegrationSchema.extend({
  /** The wizard's next step to complete, or null when all five are done. */
  nextStep: z.enum(WIZARD_STEPS).nullable(),
  /** The published plan version the schedule runs (`planVersion`, by the name the editor shows). */
  liveVersion: z.number().int().min(1).nullable(),
});
export const integrationView = (integration: Integration): z.infer<typeof IntegrationView> => ({
  ...integration,
  nextStep: WIZARD_STEPS.find((step) => !integration.wizard[step]) ?? null,
  liveVersion: integration.planVersion,
});
