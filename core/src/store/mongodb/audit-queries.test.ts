import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../domain/audit.js';
import { codecs } from './codec.js';
import { auditListFilter } from './audit-queries.js';
import { matching, type Documents } from './mingo.js';

const entry = (id: string, at: string, userId: string, targetId: string, tenantId = 't1'): AuditEntry => ({
  id,
  tenantId,
  at,
  actor: { kind: 'user', userId, email: `${userId}@acme.test` },
  action: targetId.startsWith('c') ? 'connection.updated' : 'integration.activated',
  target: { type: targetId.startsWith('c') ? 'connection' : 'integration', id: targetId },
  summary: 'A change',
  details: {},
});

describe('MongoDB audit log queries (evaluated with mingo)', () => {
  const documents: Documents = [
    entry('a1', '2026-03-02T09:00:00.000Z', 'u1', 'c1'),
    entry('a2', '2026-03-02T10:00:00.000Z', 'u2', 'c1'),
    entry('a3', '2026-03-02T11:00:00.000Z', 'u1', 'i1'),
    entry('a4', '2026-03-02T10:00:00.000Z', 'u1', 'c1', 't2'),
  ].map(codecs.audit.toDocument);
  const ids = (filter: Parameters<typeof auditListFilter>[1]) =>
    matching(documents, auditListFilter('t1', filter)).map((d) => d._id);

  it("matches only the tenant's entries, with no filter", () => {
    expect(ids({})).toEqual(['a1', 'a2', 'a3']);
  });

  it('filters by action, actor, target and [from, to)', () => {
    expect(ids({ action: 'integration.activated' })).toEqual(['a3']);
    expect(ids({ actorId: 'u1' })).toEqual(['a1', 'a3']);
    expect(ids({ targetId: 'c1' })).toEqual(['a1', 'a2']);
    expect(ids({ from: '2026-03-02T10:00:00.000Z', to: '2026-03-02T11:00:00.000Z' })).toEqual(['a2']);
    expect(ids({ actorId: 'u2', targetId: 'i1' })).toEqual([]);
  });
});
