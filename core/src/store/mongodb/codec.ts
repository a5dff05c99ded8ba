import type { Document } from 'mongodb';
import type { ApiToken, Session } from '../../domain/access.js';
import type { AuditEntry } from '../../domain/audit.js';
import type { Connection } from '../../domain/connection.js';
import type { ExceptionLog } from '../../domain/exception.js';
import type { Integration } from '../../domain/integration.js';
import type { Plan } from '../../domain/plan.js';
import type { RecordEvent, SyncRecord } from '../../domain/record.js';
import { completeRunCounts, type Run, type RunCounts } from '../../domain/run.js';
import type { Tenant } from '../../domain/tenant.js';
import type { TenantSystem, TenantSystemVersion } from '../../domain/tenant-system.js';
import type { User } from '../../domain/user.js';

/** Every stored document: ids are the domain's string ids (UUIDv7), never ObjectIds. */
export interface StoredDocument extends Document {
  _id: string;
}

/**
 * One collection's mapping between domain objects and stored documents: `id` is stored as `_id`, ISO
 * timestamps as BSON Dates (so `$dateToString` and date ranges work inside the database), and a few
 * derived fields exist only in the database (e.g. the searchable text of a record).
 */
export interface Codec<T extends { id: string }> {
  toDocument(entity: T): StoredDocument;
  /** The stored form of some fields, for `$set`; `id` is never among them. */
  toFields(fields: Partial<T>): Document;
  fromDocument(document: Document): T;
}

interface CodecSpec<T> {
  /** Fields holding an ISO timestamp (or null). */
  dates: readonly (keyof T & string)[];
  /** Fields stored only for queries, computed from the entity's fields whenever those are written. */
  derived?: { field: string; from: keyof T & string; value: (source: unknown) => unknown };
  /** Values of fields that documents stored by an older version lack. */
  defaults?: Partial<T>;
  /** Completes, in place, what an older version's documents lack below the top level or derive from others. */
  upgrade?: (entity: Record<string, unknown>) => void;
}

const toDate = (value: unknown): Date | null => (value === null ? null : new Date(value as string));
const toIso = (value: unknown): string | null => (value instanceof Date ? value.toISOString() : null);

export function defineCodec<T extends { id: string }>({
  dates,
  derived,
  defaults,
  upgrade,
}: CodecSpec<T>): Codec<T> {
  const dateFields = new Set<string>(dates);
  const toFields = (fields: Partial<T>): Document => {
    const document: Document = {};
    for (const [field, value] of Object.entries(fields)) {
      if (field === 'id' || value === undefined) continue;
      document[field] = dateFields.has(field) ? toDate(value) : value;
    }
    if (derived && derived.from in fields) document[derived.field] = derived.value(fields[derived.from]);
    return document;
  };
  return {
    toFields,
    toDocument: (entity) => ({ _id: entity.id, ...toFields(entity) }),
    fromDocument(document) {
      const entity: Record<string, unknown> = { ...defaults };
      for (const [field, value] of Object.entries(document)) {
        if (field === '_id') entity.id = value;
        else if (field === derived?.field) continue;
        else entity[field] = dateFields.has(field) ? toIso(value) : value;
      }
      upgrade?.(entity);
      return entity as T;
    },
  };
}

/** The text a record search matches `q` against, like the SQLite adapter's JSON column. */
export const searchableText = (sourceData: unknown): string => JSON.stringify(sourceData);

export const codecs = {
  tenants: defineCodec<Tenant>({ dates: ['createdAt', 'updatedAt'] }),
  users: defineCodec<User>({ dates: ['lastLoginAt', 'createdAt', 'updatedAt'] }),
  connections: defineCodec<Connection>({ dates: ['createdAt', 'updatedAt'] }),
  tenantSystems: defineCodec<TenantSystem>({ dates: ['createdAt', 'updatedAt'] }),
  tenantSystemVersions: defineCodec<TenantSystemVersion>({ dates: ['savedAt'] }),
  integrations: defineCodec<Integration>({
    dates: ['draftSavedAt', 'createdAt', 'updatedAt'],
    defaults: {
      statusReason: null,
      draftRevision: 0,
      draftSavedBy: null,
      draftSavedAt: null,
      reverseCursor: null,
    },
  }),
  plans: defineCodec<Plan>({ dates: ['createdAt'], defaults: { flow: null, rolledBackFrom: null } }),
  records: defineCodec<SyncRecord>({
    dates: ['nextAttemptAt', 'pushIntentAt', 'createdAt', 'updatedAt', 'pushedAt'],
    derived: { field: 'sourceText', from: 'sourceData', value: searchableText },
    defaults: { pair: null },
  }),
  recordEvents: defineCodec<RecordEvent>({ dates: ['at'] }),
  runs: defineCodec<Run>({
    dates: ['startedAt', 'finishedAt'],
    upgrade: (run) => void (run.counts = completeRunCounts(run.counts as Partial<RunCounts>)),
  }),
  exceptions: defineCodec<ExceptionLog>({
    dates: ['at', 'lastSeenAt', 'resolvedAt'],
    defaults: { occurrences: 1, resolvedByRunId: null },
    // Stored before exceptions counted occurrences: its cause is its message, last seen when it happened (as
    // the SQLite migration set them).
    upgrade: (exception) => {
      exception.cause ??= exception.message;
      exception.lastSeenAt ??= exception.at;
    },
  }),
  sessions: defineCodec<Session>({ dates: ['createdAt', 'lastSeenAt', 'expiresAt'] }),
  apiTokens: defineCodec<ApiToken>({
    dates: ['createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'],
    defaults: { scopes: ['read', 'operate', 'edit', 'admin'] },
  }),
  audit: defineCodec<AuditEntry>({ dates: ['at'] }),
};
