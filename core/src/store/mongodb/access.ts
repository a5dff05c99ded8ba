import { newApiToken } from '../factories.js';
import type { ApiTokenRepository, SessionRepository } from '../port.js';
import type { Collections } from './collections.js';
import {
  apiTokenByHashFilter,
  revokeApiTokenUpdate,
  sessionByTokenFilter,
  unrevokedApiTokenFilter,
  userScope,
} from './access-queries.js';
import { NEWEST_FIRST, setFieldsUpdate } from './queries.js';

export function mongoSessions({ sessions }: Collections): SessionRepository {
  return {
    async create(session) {
      await sessions.insert(session);
    },
    findByTokenHash: (tokenHash) => sessions.findOne(sessionByTokenFilter(tokenHash)),
    async touch(tokenHash, at) {
      await sessions.collection.updateOne(
        sessionByTokenFilter(tokenHash),
        setFieldsUpdate({ lastSeenAt: at }),
      );
    },
    async switchTenant(tokenHash, actingTenantId) {
      await sessions.collection.updateOne(
        sessionByTokenFilter(tokenHash),
        setFieldsUpdate({ actingTenantId }),
      );
    },
    async delete(tokenHash) {
      await sessions.collection.deleteOne(sessionByTokenFilter(tokenHash));
    },
    async deleteForUser(tenantId, userId) {
      return (await sessions.collection.deleteMany(userScope(tenantId, userId))).deletedCount;
    },
  };
}

export function mongoApiTokens({ apiTokens }: Collections): ApiTokenRepository {
  return {
    async create(tenantId, input) {
      const token = newApiToken(tenantId, input);
      await apiTokens.insert(token);
      return token;
    },
    findByHash: (tokenHash) => apiTokens.findOne(apiTokenByHashFilter(tokenHash)),
    list: (tenantId, userId) => apiTokens.find(userScope(tenantId, userId), { sort: NEWEST_FIRST }),
    async revoke(tenantId, tokenId, at = new Date()) {
      await apiTokens.collection.updateOne(
        unrevokedApiTokenFilter(tenantId, tokenId),
        revokeApiTokenUpdate(at),
      );
      return apiTokens.get(tenantId, tokenId);
    },
    async touch(tokenHash, at) {
      await apiTokens.collection.updateOne(
        apiTokenByHashFilter(tokenHash),
        setFieldsUpdate({ lastUsedAt: at }),
      );
    },
  };
}
