import { newApiToken } from '../factories.js';
import type { ApiTokenRepository, SessionRepository } from '../port.js';
import { statement, type Row } from './table.js';
import type { Tables } from './tables.js';

export function sqliteSessions({ sessions }: Tables): SessionRepository {
  const db = sessions.db;
  return {
    async create(session) {
      sessions.insert(session);
    },
    async findByTokenHash(tokenHash) {
      const row = statement(db, `SELECT ${sessions.selectList} FROM sessions WHERE id = ?`).get(tokenHash) as
        Row | undefined;
      return row ? sessions.fromRow(row) : null;
    },
    async touch(tokenHash, at) {
      statement(db, 'UPDATE sessions SET last_seen_at = ? WHERE id = ?').run(at.toISOString(), tokenHash);
    },
    async switchTenant(tokenHash, actingTenantId) {
      statement(db, 'UPDATE sessions SET acting_tenant_id = ? WHERE id = ?').run(actingTenantId, tokenHash);
    },
    async delete(tokenHash) {
      statement(db, 'DELETE FROM sessions WHERE id = ?').run(tokenHash);
    },
    async deleteForUser(tenantId, userId) {
      return statement(db, 'DELETE FROM sessions WHERE tenant_id = ? AND user_id = ?').run(tenantId, userId)
        .changes;
    },
  };
}

export function sqliteApiTokens({ apiTokens }: Tables): ApiTokenRepository {
  const db = apiTokens.db;
  return {
    async create(tenantId, input) {
      const token = newApiToken(tenantId, input);
      apiTokens.insert(token);
      return token;
    },
    async findByHash(tokenHash) {
      const row = statement(db, `SELECT ${apiTokens.selectList} FROM api_tokens WHERE token_hash = ?`).get(
        tokenHash,
      ) as Row | undefined;
      return row ? apiTokens.fromRow(row) : null;
    },
    async list(tenantId, userId) {
      const rows = statement(
        db,
        `SELECT ${apiTokens.selectList} FROM api_tokens WHERE tenant_id = ? AND user_id = ? ORDER BY id DESC`,
      ).all(tenantId, userId) as Row[];
      return rows.map((row) => apiTokens.fromRow(row));
    },
    async revoke(tenantId, tokenId, at = new Date()) {
      statement(
        db,
        'UPDATE api_tokens SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL',
      ).run(at.toISOString(), tenantId, tokenId);
      return apiTokens.get(tenantId, tokenId);
    },
    async touch(tokenHash, at) {
      statement(db, 'UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?').run(
        at.toISOString(),
        tokenHash,
      );
    },
  };
}
