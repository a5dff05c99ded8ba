import { describe, expect, it } from 'vitest';
import type { ApiToken, Session } from '../../domain/access.js';
import { codecs } from './codec.js';
import {
  apiTokenByHashFilter,
  revokeApiTokenUpdate,
  sessionByTokenFilter,
  unrevokedApiTokenFilter,
  userScope,
} from './access-queries.js';
import { matching, upsertOne, type Documents } from './mingo.js';

const hash = (c: string) => c.repeat(64);
const session = (id: string, userId: string): Session => ({
  id,
  tenantId: 't1',
  userId,
  actingTenantId: 't1',
  csrfToken: 'c'.repeat(32),
  createdAt: '2026-03-02T09:00:00.000Z',
  lastSeenAt: '2026-03-02T09:00:00.000Z',
  expiresAt: '2026-03-03T09:00:00.000Z',
});
const token = (id: string, tokenHash: string, tenantId = 't1'): ApiToken => ({
  id,
  tenantId,
  userId: 'u1',
  name: 'CI',
  tokenHash,
  prefix: 'isk_abc',
  scopes: ['read'],
  createdAt: '2026-03-02T09:00:00.000Z',
  lastUsedAt: null,
  expiresAt: null,
  revokedAt: null,
});

describe('MongoDB session and API token queries (evaluated with mingo)', () => {
  it('finds a session by its token hash and a user’s sessions by tenant and user', () => {
    const documents: Documents = [session(hash('a'), 'u1'), session(hash('b'), 'u2')].map(
      codecs.sessions.toDocument,
    );
    expect(matching(documents, sessionByTokenFilter(hash('b'))).map((d) => d.userId)).toEqual(['u2']);
    expect(matching(documents, userScope('t1', 'u1')).map((d) => d._id)).toEqual([hash('a')]);
    expect(matching(documents, userScope('t2', 'u1'))).toEqual([]);
  });

  it('finds a token by hash and revokes it only once, only in its tenant', () => {
    const documents: Documents = [token('k1', hash('1')), token('k2', hash('2'), 't2')].map(
      codecs.apiTokens.toDocument,
    );
    expect(matching(documents, apiTokenByHashFilter(hash('2'))).map((d) => d._id)).toEqual(['k2']);
    const at = new Date('2026-03-04T00:00:00Z');
    upsertOne(documents, unrevokedApiTokenFilter('t1', 'k1'), revokeApiTokenUpdate(at));
    expect(documents[0]!.revokedAt).toEqual(at);
    expect(matching(documents, unrevokedApiTokenFilter('t1', 'k1'))).toEqual([]);
    expect(matching(documents, unrevokedApiTokenFilter('t1', 'k2'))).toEqual([]);
  });
});
