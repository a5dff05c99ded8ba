import type { Filter, UpdateFilter } from 'mongodb';
import type { TenantId, UserId } from '../../domain/common.js';
import type { StoredDocument } from './codec.js';

/* The filters and updates of sessions and API tokens, pure like those in queries.ts. */

type Query = Filter<StoredDocument>;

/** A session's `_id` is its token's hash. */
export const sessionByTokenFilter = (tokenHash: string): Query => ({ _id: tokenHash });

export const userScope = (tenantId: TenantId, userId: UserId): Query => ({ tenantId, userId });

export const apiTokenByHashFilter = (tokenHash: string): Query => ({ tokenHash });

export const unrevokedApiTokenFilter = (tenantId: TenantId, tokenId: string): Query => ({
  _id: tokenId,
  tenantId,
  revokedAt: null,
});

export const revokeApiTokenUpdate = (at: Date): UpdateFilter<StoredDocument> => ({ $set: { revokedAt: at } });
