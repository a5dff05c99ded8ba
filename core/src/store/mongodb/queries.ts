import type { AnyBulkWriteOperation, Document, Filter, Sort, UpdateFilter } from 'mongodb';
import type { IntegrationId, RecordId, RunId, TenantId, TimeRange, UserId } from '../../domain/common.js';
import type { ExceptionFilter, ExceptionLog } from '../../domain/exception.js';
import type { RecordSearch, SyncRecord } from '../../domain/record.js';
import { PENDING_PUSH_STATUSES } from '../../domain/record.js';
import type { QueuedRunClose, RunFilter, RunFinish, RunProgress, RunStart } from '../../domain/run.js';
import {
  ROLLUP_COUNTERS,
  rollupHours,
  type ExceptionRollupIncrement,
  type RunRollupIncrement,
} from '../insights.js';
import type { LifecycleContext, PulledPagePlan } from '../lifecycle.js';
import { OUTCOME_STATUSES, pushedStatus, requeuedStatus } from '../lifecycle.js';
import type {
  ClaimForPushOptions,
  IntegrationFilter,
  MarkFailedInput,
  MarkPushedInput,
  PlanRef,
} from '../port.js';
import { codecs, type StoredDocument } from './codec.js';

/*
 * Every filter, update and aggregation pipeline the MongoDB adapter sends, as pure functions of domain
 * values. The repositories only pass these to the driver, so their meaning is tested without a server
 * (queries.test.ts evaluates them with mingo). Values are in stored form: `_id` for ids, Dates for times.
 */

type Query = Filter<StoredDocument>;
type Update = UpdateFilter<StoredDocument>;
type BulkOperation = AnyBulkWriteOperation<StoredDocument>;

// ── shared ──────────────────────────────────────────────────────────────────────────────────────────

export const tenantScope = (tenantId: TenantId): Query => ({ tenantId });

export const integrationScope = (tenantId: TenantId, integrationId: IntegrationId): Query => ({
  tenantId,
  integrationId,
});

export const byIdFilter = (tenantId: TenantId, id: string): Query => ({ _id: id, tenantId });

/** Ids are time-ordered (UUIDv7), so id order is creation order: every list pages newest first by id. */
export const NEWEST_FIRST: Sort = { _id: -1 };

/** Narrows a list's filter to the items after the page that ended at `cursor`. */
export const pageFilter = (filter: Query, cursor: string | undefined): Query =>
  cursor === undefined ? filter : { $and: [filter, { _id: { $lt: cursor } }] };

export const setFieldsUpdate = (fields: Document): Update => ({ $set: fields });

/** `[from, to)` on a date field; either end may be open. */
export function within(from: string | undefined, to: string | undefined): Document | undefined {
  if (from === undefined && to === undefined) return undefined;
  return {
    ...(from !== undefined && { $gte: new Date(from) }),
    ...(to !== undefined && { $lt: new Date(to) }),
  };
}

/** Leaves out the conditions whose value is undefined (an absent filter option). */
export const conditions = (query: Record<string, unknown>): Query =>
  Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));

// ── tenants and users ───────────────────────────────────────────────────────────────────────────────

export const tenantByIdFilter = (tenantId: TenantId): Query => ({ _id: tenantId });
export const tenantBySlugFilter = (slug: string): Query => ({ slug });
export const ALL_TENANTS: Query = {};

export const userByEmailFilter = (email: string): Query => ({ email });

export const enabledUsersFilter = (tenantId: TenantId): Query => ({ tenantId, status: { $ne: 'disabled' } });

export const recordsFirstPulledSinceFilter = (tenantId: TenantId, since: Date): Query => ({
  tenantId,
  createdAt: { $gte: since },
});

// ── integrations and plans ──────────────────────────────────────────────────────────────────────────

/** Integrations that count against the tenant's limit: all but archived. */
export const liveIntegrationsFilter = (tenantId: TenantId): Query => ({
  tenantId,
  status: { $ne: 'archived' },
});

export function integrationListFilter(tenantId: TenantId, filter: IntegrationFilter): Query {
  if (filter.status) return { tenantId, status: filter.status };
  return filter.includeArchived ? tenantScope(tenantId) : liveIntegrationsFilter(tenantId);
}

/**
 * The integration, while its draft is still at `expectedRevision` (a draft stored before revisions were
 * kept has none: it is revision 0).
 */
export const draftAtRevisionFilter = (
  tenantId: TenantId,
  integrationId: IntegrationId,
  expectedRevision: number | undefined,
): Query => ({
  ...byIdFilter(tenantId, integrationId),
  ...(expectedRevision !== undefined && {
    draftRevision: expectedRevision === 0 ? { $in: [0, null] } : expectedRevision,
  }),
});

/** Saves the draft's fields and takes the next revision. */
export const saveDraftUpdate = (fields: Document): Update => ({
  $set: fields,
  $inc: { draftRevision: 1 },
});

export const planVersionFilter = (
  tenantId: TenantId,
  integrationId: IntegrationId,
  version: number,
): Query => ({
  tenantId,
  integrationId,
  version,
});

/** Any of the given versions of the tenant's plans. */
export const planVersionsFilter = (tenantId: TenantId, versions: readonly PlanRef[]): Query => ({
  tenantId,
  $or: versions.map(({ integrationId, version }) => ({ integrationId, version })),
});

export const LATEST_VERSION_FIRST: Sort = { version: -1 };

/** The per-integration counter document that hands out plan versions. */
export const planCounterFilter = (tenantId: TenantId, integrationId: IntegrationId): Query => ({
  _id: `${tenantId}/${integrationId}`,
});

/** Takes the next version; with `upsert` the first save of an integration creates the counter at 1. */
export const nextPlanVersionUpdate = (tenantId: TenantId, integrationId: IntegrationId): Update => ({
  $inc: { last: 1 },
  $setOnInsert: { tenantId, integrationId },
});

// ── records ─────────────────────────────────────────────────────────────────────────────────────────

/** The fields the lifecycle decisions read (lifecycle.ts `StoredRecordState`). */
export const STORED_STATE_PROJECTION = {
  _id: 1,
  sourceId: 1,
  sourceHash: 1,
  sourceStatus: 1,
  destinationId: 1,
  status: 1,
} as const;

export const recordBySourceIdFilter = (
  tenantId: TenantId,
  integrationId: IntegrationId,
  sourceId: string,
): Query => ({ tenantId, integrationId, sourceId });

export const existingRecordsFilter = (
  tenantId: TenantId,
  integrationId: IntegrationId,
  sourceIds: string[],
): Query => ({ tenantId, integrationId, sourceId: { $in: sourceIds } });

/**
 * The one bulk write of a pulled page: new source ids are upserts that only insert (`$setOnInsert`), so a
 * record created meanwhile by a concurrent pull is left as it is; changed records are updated only while
 * they still hold the hash the plan was made from. Inserts come first, in `plan.inserts` order.
 */
export function upsertPulledOps(plan: PulledPagePlan, context: LifecycleContext): BulkOperation[] {
  const inserts = plan.inserts.map((record) => {
    const { tenantId: _t, integrationId: _i, sourceId: _s, ...onInsert } = codecs.records.toDocument(record);
    return {
      updateOne: {
        filter: recordBySourceIdFilter(record.tenantId, record.integrationId, record.sourceId),
        update: { $setOnInsert: onInsert },
        upsert: true,
      },
    };
  });
  const at = new Date(context.at);
  const changes = plan.changes.map((change) => ({
    updateOne: {
      filter: { _id: change.id, tenantId: context.tenantId, sourceHash: change.previousHash },
      update: {
        $set: {
          ...codecs.records.toFields({
            sourceHash: change.sourceHash,
            sourceData: change.sourceData,
            sourceStatus: change.sourceStatus,
            status: change.status,
          }),
          attempts: 0,
          nextAttemptAt: null,
          lastError: null,
          lastRunId: context.runId,
          updatedAt: at,
        },
      },
    },
  }));
  return [...inserts, ...changes];
}

/**
 * What a page really did once the bulk write answered: an insert whose upsert found a record (a concurrent
 * pull created it first) created nothing, so its `initiated` event is dropped and it counts as unchanged.
 * `upsertedIds` is the bulk write result's map of op index → inserted `_id`.
 */
export function confirmedPage(
  plan: PulledPagePlan,
  upsertedIds: Readonly<Record<number, unknown>>,
): Pick<PulledPagePlan, 'events' | 'result'> {
  const inserted = new Set(Object.values(upsertedIds));
  const lost = new Set(plan.inserts.filter((record) => !inserted.has(record.id)).map((record) => record.id));
  if (lost.size === 0) return { events: plan.events, result: plan.result };
  return {
    events: plan.events.filter((event) => !lost.has(event.recordId)),
    result: {
      created: plan.result.created - lost.size,
      changed: plan.result.changed,
      unchanged: plan.result.unchanged + lost.size,
    },
  };
}

/** Records waiting for the destination: initiated, update-request, and failed ones due for a retry. */
export const claimForPushFilter = (
  tenantId: TenantId,
  integrationId: IntegrationId,
  { after, now, maxAttempts, retries = true }: Omit<ClaimForPushOptions, 'limit'>,
): Query => ({
  tenantId,
  integrationId,
  ...(after !== undefined && { _id: { $gt: after } }),
  ...(retries
    ? {
        $or: [
          { status: { $in: [...PENDING_PUSH_STATUSES] } },
          { status: 'failed', attempts: { $lt: maxAttempts }, nextAttemptAt: { $lte: now } },
        ],
      }
    : { status: { $in: [...PENDING_PUSH_STATUSES] } }),
});

export const CLAIM_ORDER: Sort = { _id: 1 };

export const pushIntentUpdate = (at: Date): Update => ({ $set: { pushIntentAt: at } });

/** The tenant's records among `recordIds` (another tenant's ids match nothing). */
export const recordsByIdsFilter = (tenantId: TenantId, recordIds: RecordId[]): Query => ({
  tenantId,
  _id: { $in: recordIds },
});

/** The fields a push outcome's event reads (lifecycle.ts `OutcomeState`). */
export const OUTCOME_STATE_PROJECTION = { _id: 1, integrationId: 1, status: 1, attempts: 1 } as const;

/** One update per record of a batch of push outcomes, each by its id within the tenant. */
export const outcomeOps = <T extends { recordId: RecordId }>(
  tenantId: TenantId,
  entries: readonly T[],
  update: (entry: T) => Update,
): BulkOperation[] =>
  entries.map((entry) => ({
    updateOne: { filter: byIdFilter(tenantId, entry.recordId), update: update(entry) },
  }));

export const markPushedUpdate = (
  { runId, destinationId, destinationNumber = null, operation }: Omit<MarkPushedInput, 'at'>,
  at: Date,
): Update => ({
  $set: {
    status: pushedStatus(operation),
    destinationId,
    destinationNumber,
    attempts: 0,
    nextAttemptAt: null,
    lastError: null,
    pushIntentAt: null,
    pushedAt: at,
    lastRunId: runId,
    updatedAt: at,
  },
});

export const markFailedUpdate = (
  { runId, error, nextAttemptAt }: Omit<MarkFailedInput, 'at'>,
  at: Date,
): Update => ({
  $set: { status: 'failed', nextAttemptAt, lastError: error, lastRunId: runId, updatedAt: at },
  $inc: { attempts: 1 },
});

export const markSkippedUpdate = (runId: RunId | null, at: Date): Update => ({
  $set: { status: 'skipped', lastError: null, lastRunId: runId, updatedAt: at },
});

/** Record events: the records that failed in a run (their ids, via `distinct('recordId', …)`). */
export const failedInRunFilter = (tenantId: TenantId, runId: RunId): Query => ({
  tenantId,
  runId,
  kind: 'lifecycle',
  to: 'failed',
});

export const failedRecordsFilter = (tenantId: TenantId, recordIds: RecordId[]): Query => ({
  tenantId,
  status: 'failed',
  _id: { $in: recordIds },
});

/** Puts failed records back in line, each to the status its destination id calls for. */
export const requeueOps = (records: SyncRecord[], at: Date): BulkOperation[] =>
  records.map((record) => ({
    updateOne: {
      filter: { _id: record.id, tenantId: record.tenantId, status: 'failed' },
      update: { $set: { status: requeuedStatus(record), attempts: 0, nextAttemptAt: null, updatedAt: at } },
    },
  }));

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function recordSearchFilter(tenantId: TenantId, { integrationId, status, q }: RecordSearch): Query {
  return conditions({
    tenantId,
    integrationId,
    status,
    $or: q
      ? [
          { sourceId: q },
          { destinationNumber: q },
          { destinationId: q },
          { sourceText: { $regex: escapeRegex(q), $options: 'i' } },
        ]
      : undefined,
  });
}

/** A failed record waits for a retry iSync will make (a next attempt) or for a person (none). */
const WAITING_KIND = {
  $cond: [{ $eq: [{ $ifNull: ['$nextAttemptAt', null] }, null] }, 'attention', 'retry'],
};

/** The failed records of an integration (or tenant), split by whether they have a next attempt. */
export const waitingRecordsPipeline = (tenantId: TenantId, integrationId?: IntegrationId): Document[] => [
  { $match: { tenantId, status: 'failed', ...(integrationId && { integrationId }) } },
  { $group: { _id: WAITING_KIND, count: { $sum: 1 } } },
];

/** Failed records per integration of a page and per kind (retry, attention). */
export const waitingOfPipeline = (
  tenantId: TenantId,
  integrationIds: readonly IntegrationId[],
): Document[] => [
  { $match: { tenantId, status: 'failed', integrationId: { $in: [...integrationIds] } } },
  { $group: { _id: { integrationId: '$integrationId', kind: WAITING_KIND }, count: { $sum: 1 } } },
];

/** The newest run that is not a skipped tick per integration of a page, without node traces. */
export const latestRunsPipeline = (
  tenantId: TenantId,
  integrationIds: readonly IntegrationId[],
): Document[] => [
  { $match: { tenantId, integrationId: { $in: [...integrationIds] }, status: { $ne: 'skipped' } } },
  { $sort: { _id: -1 } },
  { $group: { _id: '$integrationId', run: { $first: '$$ROOT' } } },
  { $replaceRoot: { newRoot: '$run' } },
  { $project: { nodeTraces: 0 } },
];

export const recordsByStatusPipeline = (tenantId: TenantId, integrationId?: IntegrationId): Document[] => [
  { $match: conditions({ tenantId, integrationId }) },
  { $group: { _id: '$status', count: { $sum: 1 } } },
];

export const timelineFilter = (tenantId: TenantId, recordId: RecordId): Query => ({ tenantId, recordId });

/** A run's lifecycle events by the status they ended in (and whether a create was recovered), counted. */
export const outcomesOfRunPipeline = (tenantId: TenantId, runId: RunId): Document[] => [
  { $match: { tenantId, runId, kind: 'lifecycle', to: { $in: [...OUTCOME_STATUSES] } } },
  {
    $group: {
      _id: { status: '$to', recovered: { $eq: ['$detail.recovered', true] } },
      count: { $sum: 1 },
    },
  },
];

export const TIMELINE_ORDER: Sort = { at: 1, _id: 1 };

// ── runs and exceptions ─────────────────────────────────────────────────────────────────────────────

export const runListFilter = (tenantId: TenantId, { integrationId, status, from, to }: RunFilter): Query =>
  conditions({ tenantId, integrationId, status, startedAt: within(from, to) });

export const runningRunFilter = (tenantId: TenantId, integrationId: IntegrationId): Query => ({
  tenantId,
  integrationId,
  status: 'running',
});

export const queuedRunFilter = (tenantId: TenantId, integrationId: IntegrationId): Query => ({
  tenantId,
  integrationId,
  status: 'queued',
});

/** Only a queued run can be taken or closed without starting: the first of two callers wins. */
export const queuedRunByIdFilter = (tenantId: TenantId, runId: RunId): Query => ({
  _id: runId,
  tenantId,
  status: 'queued',
});

export const takeRunUpdate = (start: RunStart, at: Date): Update => ({
  $set: {
    status: 'running',
    planVersion: start.planVersion,
    cursorBefore: start.cursorBefore,
    executorId: start.executorId,
    startedAt: at,
  },
});

export const closeQueuedRunUpdate = (close: QueuedRunClose, at: Date): Update => ({
  $set: { status: close.status, error: close.error, finishedAt: at },
});

/** Only a running run can be finished: finishing twice leaves the first result. */
export const finishRunFilter = (tenantId: TenantId, runId: RunId): Query => ({
  _id: runId,
  tenantId,
  status: 'running',
});

export const runProgressUpdate = (progress: RunProgress): Update => ({
  $set: { counts: progress.counts, nodeTraces: progress.nodeTraces },
});

export const finishRunUpdate = (result: RunFinish, at: Date): Update => ({
  $set: {
    status: result.status,
    counts: result.counts,
    cursorAfter: result.cursorAfter,
    nodeTraces: result.nodeTraces,
    error: result.error ?? null,
    finishedAt: at,
  },
});

export const exceptionListFilter = (
  tenantId: TenantId,
  { integrationId, nodeId, kind, from, to, resolved }: ExceptionFilter,
): Query =>
  conditions({
    tenantId,
    integrationId,
    nodeId,
    kind,
    at: within(from, to),
    resolvedAt: resolved === undefined ? undefined : resolved ? { $ne: null } : null,
  });

/** Resolving twice keeps the first resolution. */
export const unresolvedExceptionFilter = (tenantId: TenantId, exceptionId: string): Query => ({
  _id: exceptionId,
  tenantId,
  resolvedAt: null,
});

export const resolveExceptionUpdate = (resolvedBy: UserId | null, at: Date): Update => ({
  $set: { resolvedAt: at, resolvedBy },
});

/** The open row an entry is one more occurrence of: same integration, record, node, phase, kind and cause. */
export const openExceptionFilter = (entry: ExceptionLog): Query => ({
  tenantId: entry.tenantId,
  integrationId: entry.integrationId,
  recordId: entry.recordId,
  nodeId: entry.nodeId,
  phase: entry.phase,
  kind: entry.kind,
  cause: entry.cause,
  resolvedAt: null,
});

export const exceptionOccurrenceUpdate = (entry: ExceptionLog): Update => ({
  $inc: { occurrences: 1 },
  $set: {
    lastSeenAt: new Date(entry.at),
    message: entry.message,
    runId: entry.runId,
    httpStatus: entry.httpStatus,
    responseSnippet: entry.responseSnippet,
  },
});

export const exceptionsByIdsFilter = (tenantId: TenantId, ids: string[]): Query => ({
  tenantId,
  _id: { $in: ids },
});

export const openExceptionsOfRecordsFilter = (tenantId: TenantId, recordIds: RecordId[]): Query => ({
  tenantId,
  recordId: { $in: recordIds },
  resolvedAt: null,
});

export const resolveByRunUpdate = (runId: RunId, at: Date): Update => ({
  $set: { resolvedAt: at, resolvedByRunId: runId },
});

// ── insights rollups (see insights.ts) ─────────────────────────────────────────────────────────────

/*
 * One rollup document per tenant, integration and hour (and kind, for exceptions), with a deterministic
 * `_id`, so the `$inc` upserts of concurrent finishes meet on one document: a duplicate-key race becomes a
 * write conflict the transaction retries. `hour` is a Date for `$dateToString` and range matches.
 */

const rollupId = (tenantId: TenantId, increment: { integrationId: IntegrationId; hour: string }) =>
  `${tenantId}/${increment.integrationId}/${increment.hour}`;

/** With `upsert: true`: the run rollup of the run's integration and start hour. */
export const runRollupFilter = (tenantId: TenantId, increment: RunRollupIncrement): Query => ({
  _id: rollupId(tenantId, increment),
});

/** With `upsert: true`: adds a finished run to its rollup, creating the rollup at its first run. */
export const runRollupUpdate = (
  tenantId: TenantId,
  { integrationId, hour, counters }: RunRollupIncrement,
): Update => ({
  $setOnInsert: { tenantId, integrationId, hour: new Date(hour) },
  $inc: counters,
});

/** The one bulk write that counts a batch of exception entries: an `$inc` upsert per integration, hour and kind. */
export const exceptionRollupOps = (
  tenantId: TenantId,
  increments: ExceptionRollupIncrement[],
): BulkOperation[] =>
  increments.map(({ integrationId, hour, kind, count }) => ({
    updateOne: {
      filter: { _id: `${rollupId(tenantId, { integrationId, hour })}/${kind}` },
      update: { $setOnInsert: { tenantId, integrationId, hour: new Date(hour), kind }, $inc: { count } },
      upsert: true,
    },
  }));

/** The rollups of the hours that overlap [from, to) (see `rollupHours`). */
function rollupsInRange(tenantId: TenantId, range: TimeRange, integrationId?: IntegrationId): Query {
  const { firstHour, to } = rollupHours(range);
  return conditions({ tenantId, integrationId, hour: { $gte: new Date(firstHour), $lt: new Date(to) } });
}

/** Over run rollups: one `DailyRollup` row per UTC day, every counter summed, ascending. */
export const dailyRollupsPipeline = (
  tenantId: TenantId,
  range: TimeRange,
  integrationId?: IntegrationId,
): Document[] => [
  { $match: rollupsInRange(tenantId, range, integrationId) },
  {
    $group: {
      _id: { $dateToString: { format: '%Y-%m-%d', date: '$hour' } },
      ...Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, { $sum: `$${counter}` }])),
    },
  },
  {
    $project: { _id: 0, day: '$_id', ...Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, 1])) },
  },
  { $sort: { day: 1 } },
];

/** Over run rollups: one row per hour (`hour` as an ISO string), every counter summed — for a zone's days. */
export const hourlyRollupsPipeline = (
  tenantId: TenantId,
  range: TimeRange,
  integrationId?: IntegrationId,
): Document[] => [
  { $match: rollupsInRange(tenantId, range, integrationId) },
  {
    $group: {
      _id: '$hour',
      ...Object.fromEntries(ROLLUP_COUNTERS.map((counter) => [counter, { $sum: `$${counter}` }])),
    },
  },
];

/** Over exception rollups: `{kind, count}` rows. */
export const exceptionKindsPipeline = (
  tenantId: TenantId,
  range: TimeRange,
  integrationId?: IntegrationId,
): Document[] => [
  { $match: rollupsInRange(tenantId, range, integrationId) },
  { $group: { _id: '$kind', count: { $sum: '$count' } } },
  { $project: { _id: 0, kind: '$_id', count: 1 } },
];

// ── retention (each selection is read with `limit: batchSize`, then deleted by id) ──────────────────

export const ID_ONLY = { _id: 1 } as const;

/** Finished runs that started before the cutoff, oldest first (`PRUNE_RUNS_ORDER`). */
export const prunableRunsFilter = (tenantId: TenantId, before: Date): Query => ({
  tenantId,
  startedAt: { $lt: before },
  status: { $nin: ['running', 'queued'] },
});
export const PRUNE_RUNS_ORDER: Sort = { startedAt: 1 };

/** An exception goes when it was last seen before the cutoff (one stored before occurrences were counted: its `at`). */
export const prunableExceptionsFilter = (tenantId: TenantId, before: Date): Query => ({
  tenantId,
  $or: [{ lastSeenAt: { $lt: before } }, { lastSeenAt: { $exists: false }, at: { $lt: before } }],
});
export const PRUNE_EXCEPTIONS_ORDER: Sort = { lastSeenAt: 1, at: 1 };

export const idsFilter = (tenantId: TenantId, ids: string[]): Query => ({ tenantId, _id: { $in: ids } });

/**
 * Over record events: the ids of up to `batchSize` events before the cutoff, oldest first, each with a
 * later event of the same kind for its record (timeline order: at, then _id), so a record's last event of
 * each kind is never among them.
 */
export const prunableRecordEventsPipeline = (
  tenantId: TenantId,
  before: Date,
  batchSize: number,
): Document[] => [
  { $match: { tenantId, at: { $lt: before } } },
  { $sort: { at: 1, _id: 1 } },
  {
    $lookup: {
      from: 'recordEvents',
      let: { recordId: '$recordId', kind: '$kind', at: '$at', id: '$_id' },
      pipeline: [
        {
          $match: {
            tenantId,
            $expr: {
              $and: [
                { $eq: ['$recordId', '$$recordId'] },
                { $eq: ['$kind', '$$kind'] },
                {
                  $or: [
                    { $gt: ['$at', '$$at'] },
                    { $and: [{ $eq: ['$at', '$$at'] }, { $gt: ['$_id', '$$id'] }] },
                  ],
                },
              ],
            },
          },
        },
        { $limit: 1 },
        { $project: ID_ONLY },
      ],
      as: 'later',
    },
  },
  { $match: { 'later.0': { $exists: true } } },
  { $limit: batchSize },
  { $project: ID_ONLY },
];
