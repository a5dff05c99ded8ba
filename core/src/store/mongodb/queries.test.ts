import { find } from 'mingo';
import type { AnyObject } from 'mingo/types';
import type { Sort, UpdateFilter } from 'mongodb';
import { describe, expect, it } from 'vitest';
import type { ExceptionLog } from '../../domain/exception.js';
import type { Integration } from '../../domain/integration.js';
import type { RecordEvent, RecordStatus, SyncRecord } from '../../domain/record.js';
import { emptyRunCounts, type Run, type RunStatus } from '../../domain/run.js';
import { newId } from '../../ids.js';
import { pulledIssue, pulledIssues } from '../../testing/factories.js';
import { newException, newIntegration, newRun, newTenant, newUser } from '../factories.js';
import {
  assembleInsights,
  exceptionRollupIncrements,
  runRollupIncrement,
  type DailyRollup,
} from '../insights.js';
import { planPulledPage, type LifecycleContext, type StoredRecordState } from '../lifecycle.js';
import { codecs, type StoredDocument } from './codec.js';
import { aggregated, bulkWrite, matching, upsertOne, type Documents } from './mingo.js';
import * as q from './queries.js';

const TENANT = 'tenant-a';
const OTHER_TENANT = 'tenant-b';
const INTEGRATION = 'integration-1';
const AT = '2026-03-02T09:00:00.000Z';

const ids = (documents: Documents) => documents.map((document) => document._id);
const sorted = (documents: Documents, sort: Sort, limit?: number) => {
  const cursor = find(documents, {}).sort(sort as AnyObject);
  return (limit === undefined ? cursor : cursor.limit(limit)).all() as Documents;
};

/** A stored record document, as a pull would have made it, with some fields overridden. */
const recordDocument = (
  sourceId: string,
  fields: Partial<SyncRecord> = {},
  tenantId = TENANT,
): StoredDocument => {
  const context = { tenantId, integrationId: INTEGRATION, runId: null, at: AT };
  const [record] = planPulledPage(new Map(), [pulledIssue(sourceId)], context).inserts;
  return codecs.records.toDocument({ ...record!, ...fields });
};

describe('codec', () => {
  it('stores ids as _id and timestamps as Dates, and reads back the same entity', () => {
    const record = codecs.records.fromDocument(recordDocument('pg-1'));
    const document = codecs.records.toDocument({ ...record, pushedAt: '2026-03-02T10:00:00.000Z' });
    expect(document).toMatchObject({
      _id: record.id,
      createdAt: new Date(AT),
      pushedAt: new Date('2026-03-02T10:00:00.000Z'),
    });
    expect(document).not.toHaveProperty('id');
    expect(codecs.records.fromDocument(document)).toEqual({
      ...record,
      pushedAt: '2026-03-02T10:00:00.000Z',
    });
  });

  it('keeps the searchable text of a record in step with its source data, and never returns it', () => {
    const document = recordDocument('pg-1');
    expect(document.sourceText).toContain('"title":"Issue pg-1"');
    expect(codecs.records.toFields({ sourceData: { title: 'New' } })).toEqual({
      sourceData: { title: 'New' },
      sourceText: '{"title":"New"}',
    });
    expect(codecs.records.toFields({ status: 'pushed' })).toEqual({ status: 'pushed' });
    expect(codecs.records.fromDocument(document)).not.toHaveProperty('sourceText');
  });
});

describe('documents stored by an older version', () => {
  it('read a run without the counts added since as counting 0 of them', () => {
    const run = codecs.runs.fromDocument({
      _id: 'run-1',
      tenantId: TENANT,
      status: 'succeeded',
      startedAt: new Date(AT),
      finishedAt: new Date(AT),
      counts: { pulled: 3, new: 3, changed: 0, unchanged: 0, skipped: 0, created: 3, updated: 0, failed: 0 },
    });
    expect(run.counts).toEqual({ ...emptyRunCounts(), pulled: 3, new: 3, created: 3 });
    expect(run.finishedAt).toBe(AT);
  });

  it('read an exception stored before occurrences were counted with its message as cause, last seen when it happened', () => {
    const exception = codecs.exceptions.fromDocument({
      _id: 'exc-1',
      tenantId: TENANT,
      at: new Date(AT),
      message: 'Nuvolo answered 400: location is not valid.',
    });
    expect(exception).toMatchObject({
      cause: 'Nuvolo answered 400: location is not valid.',
      lastSeenAt: AT,
      occurrences: 1,
    });
    const counted = codecs.exceptions.fromDocument({
      _id: 'exc-2',
      at: new Date(AT),
      message: 'm',
      cause: 'c',
      lastSeenAt: new Date('2026-03-03T00:00:00.000Z'),
    });
    expect(counted).toMatchObject({ cause: 'c', lastSeenAt: '2026-03-03T00:00:00.000Z' });
  });
});

describe('shared builders', () => {
  const documents: Documents = ['01', '02', '03', '04', '05'].map((id) => ({ _id: id, tenantId: TENANT }));
  documents.push({ _id: '06', tenantId: OTHER_TENANT });

  it('pages newest first after the cursor, within the tenant', () => {
    const page = (cursor?: string) =>
      ids(sorted(matching(documents, q.pageFilter(q.tenantScope(TENANT), cursor)), q.NEWEST_FIRST, 2));
    expect(page()).toEqual(['05', '04']);
    expect(page('04')).toEqual(['03', '02']);
    expect(page('02')).toEqual(['01']);
  });

  it('finds an entity by id only in its own tenant', () => {
    expect(ids(matching(documents, q.byIdFilter(TENANT, '03')))).toEqual(['03']);
    expect(matching(documents, q.byIdFilter(OTHER_TENANT, '03'))).toEqual([]);
  });

  it('sets the given fields', () => {
    const document: StoredDocument = { _id: '01', tenantId: TENANT, name: 'old', kept: true };
    upsertOne([document], q.byIdFilter(TENANT, '01'), q.setFieldsUpdate({ name: 'new' }));
    expect(document).toEqual({ _id: '01', tenantId: TENANT, name: 'new', kept: true });
  });
});

describe('tenant and user builders', () => {
  const acme = codecs.tenants.toDocument(newTenant({ name: 'Acme', slug: 'acme' }));
  const globex = codecs.tenants.toDocument(newTenant({ name: 'Globex', slug: 'globex' }));
  const tenants = [acme, globex];

  it('finds tenants by id and by slug, and lists them all', () => {
    expect(matching(tenants, q.tenantByIdFilter(globex._id))).toEqual([globex]);
    expect(matching(tenants, q.tenantBySlugFilter('acme'))).toEqual([acme]);
    expect(matching(tenants, q.ALL_TENANTS)).toHaveLength(2);
  });

  it('counts enabled users and finds a user by email', () => {
    const user = (email: string, status: 'active' | 'invited' | 'disabled', tenantId = TENANT) =>
      codecs.users.toDocument(newUser(tenantId, { email, name: email, role: 'editor', status }));
    const users = [
      user('a@acme.test', 'active'),
      user('b@acme.test', 'invited'),
      user('c@acme.test', 'disabled'),
      user('d@globex.test', 'active', OTHER_TENANT),
    ];
    expect(matching(users, q.enabledUsersFilter(TENANT))).toHaveLength(2);
    expect(matching(users, q.userByEmailFilter('d@globex.test')).map((u) => u.tenantId)).toEqual([
      OTHER_TENANT,
    ]);
  });

  it('counts records first pulled since the start of the month', () => {
    const records = [
      recordDocument('feb', { createdAt: '2026-02-27T10:00:00.000Z' }),
      recordDocument('mar', { createdAt: '2026-03-01T00:00:00.000Z' }),
      recordDocument('other', { createdAt: '2026-03-02T00:00:00.000Z' }, OTHER_TENANT),
    ];
    const since = new Date('2026-03-01T00:00:00.000Z');
    expect(matching(records, q.recordsFirstPulledSinceFilter(TENANT, since)).map((r) => r.sourceId)).toEqual([
      'mar',
    ]);
  });
});

describe('integration and plan builders', () => {
  const integration = (title: string, status: Integration['status']) =>
    codecs.integrations.toDocument({ ...newIntegration(TENANT, { title, description: '' }), status });
  const integrations = [
    integration('Draft', 'draft'),
    integration('Active', 'active'),
    integration('Old', 'archived'),
  ];
  const titles = (documents: Documents) => documents.map((document) => document.title as string);

  it('lists live integrations, one status, or all including archived ones', () => {
    expect(titles(matching(integrations, q.liveIntegrationsFilter(TENANT)))).toEqual(['Draft', 'Active']);
    expect(titles(matching(integrations, q.integrationListFilter(TENANT, {})))).toEqual(['Draft', 'Active']);
    expect(titles(matching(integrations, q.integrationListFilter(TENANT, { status: 'archived' })))).toEqual([
      'Old',
    ]);
    expect(matching(integrations, q.integrationListFilter(TENANT, { includeArchived: true }))).toHaveLength(
      3,
    );
    expect(matching(integrations, q.integrationListFilter(OTHER_TENANT, { includeArchived: true }))).toEqual(
      [],
    );
  });

  it('hands out plan versions 1, 2, 3 per integration from an upserted counter', () => {
    const counters: Documents = [];
    const next = (integrationId: string) => {
      upsertOne(
        counters,
        q.planCounterFilter(TENANT, integrationId),
        q.nextPlanVersionUpdate(TENANT, integrationId),
        true,
      );
      return matching(counters, q.planCounterFilter(TENANT, integrationId))[0]?.last;
    };
    expect([next('one'), next('one'), next('two'), next('one')]).toEqual([1, 2, 1, 3]);
    expect(counters[0]).toMatchObject({ tenantId: TENANT, integrationId: 'one', last: 3 });
  });

  it('reads one plan version, the latest, and an integration’s plans', () => {
    const plan = (integrationId: string, version: number) => ({
      _id: newId(),
      tenantId: TENANT,
      integrationId,
      version,
    });
    const plans = [plan(INTEGRATION, 1), plan(INTEGRATION, 2), plan('other', 1)];
    expect(matching(plans, q.planVersionFilter(TENANT, INTEGRATION, 2))).toEqual([plans[1]]);
    const wanted = [
      { integrationId: INTEGRATION, version: 1 },
      { integrationId: 'other', version: 1 },
    ];
    expect(matching(plans, q.planVersionsFilter(TENANT, wanted))).toEqual([plans[0], plans[2]]);
    expect(matching(plans, q.planVersionsFilter(OTHER_TENANT, wanted))).toEqual([]);
    const ofIntegration = matching(plans, q.integrationScope(TENANT, INTEGRATION));
    expect(sorted(ofIntegration, q.LATEST_VERSION_FIRST, 1)).toEqual([plans[1]]);
    expect(matching(plans, q.integrationScope(OTHER_TENANT, INTEGRATION))).toEqual([]);
  });
});

describe('pulled page builders', () => {
  const context = (at = AT): LifecycleContext => ({
    tenantId: TENANT,
    integrationId: INTEGRATION,
    runId: 'run-1',
    at,
  });

  /** Plans a page against the records collection, as the adapter does: the find, then the lifecycle rules. */
  const plan = (records: Documents, page: ReturnType<typeof pulledIssues>, at = AT) => {
    const sourceIds = page.map((record) => record.sourceId);
    const found = find(
      records,
      q.existingRecordsFilter(TENANT, INTEGRATION, sourceIds) as AnyObject,
      q.STORED_STATE_PROJECTION,
    ).all() as Documents;
    const existing = new Map<string, StoredRecordState>(
      found.map((document) => {
        const { _id, ...state } = document;
        return [document.sourceId as string, { id: _id, ...state } as StoredRecordState];
      }),
    );
    return planPulledPage(existing, page, context(at));
  };

  it('inserts new source ids as initiated records with upserts that only insert', () => {
    const records: Documents = [];
    const pagePlan = plan(records, pulledIssues(3));
    const ops = q.upsertPulledOps(pagePlan, context());
    const written = bulkWrite(records, ops);
    expect(Object.values(written.upsertedIds)).toEqual(pagePlan.inserts.map((record) => record.id));
    expect(records.map((document) => codecs.records.fromDocument(document))).toEqual(pagePlan.inserts);
    expect(q.confirmedPage(pagePlan, written.upsertedIds)).toEqual({
      events: pagePlan.events,
      result: pagePlan.result,
    });
  });

  it('updates a changed record while it still holds the hash the plan was made from', () => {
    const records: Documents = [];
    bulkWrite(
      records,
      q.upsertPulledOps(plan(records, [pulledIssue('pg-1'), pulledIssue('pg-2')]), context()),
    );
    records[0]!.status = 'pushed';
    records[0]!.attempts = 2;
    const later = '2026-03-02T10:00:00.000Z';
    const changed = [pulledIssue('pg-1', { status: 'closed' }), pulledIssue('pg-2', { title: 'New' })];
    const changePlan = plan(records, changed, later);
    expect(changePlan.result).toEqual({ created: 0, changed: 2, unchanged: 0 });

    // Someone changed pg-2 meanwhile: its guarded update must not apply.
    records[1]!.sourceHash = 'changed-meanwhile';
    const written = bulkWrite(records, q.upsertPulledOps(changePlan, context(later)));
    expect(written.matchedCount).toBe(1);
    expect(codecs.records.fromDocument(records[0]!)).toMatchObject({
      sourceHash: changed[0]!.sourceHash,
      sourceStatus: 'closed',
      sourceData: { status: 'closed' },
      status: 'initiated',
      attempts: 0,
      lastRunId: 'run-1',
      updatedAt: later,
    });
    expect(records[0]!.sourceText).toContain('closed');
    expect(records[1]!.sourceHash).toBe('changed-meanwhile');
  });

  it('leaves a record inserted first by a concurrent pull alone and writes no event for it', () => {
    const records: Documents = [];
    const first = plan(records, [pulledIssue('pg-1')]);
    const second = plan(records, [pulledIssue('pg-1'), pulledIssue('pg-2')]);
    bulkWrite(records, q.upsertPulledOps(first, context()));
    const written = bulkWrite(records, q.upsertPulledOps(second, context()));
    expect(records.map((record) => record.sourceId)).toEqual(['pg-1', 'pg-2']);
    expect(records[0]!._id).toBe(first.inserts[0]!.id);
    const confirmed = q.confirmedPage(second, written.upsertedIds);
    expect(confirmed.result).toEqual({ created: 1, changed: 0, unchanged: 1 });
    expect(confirmed.events.map((event) => event.recordId)).toEqual([second.inserts[1]!.id]);
  });

  it('finds a record by source id only in its tenant and integration', () => {
    const records = [recordDocument('pg-1'), recordDocument('pg-1', {}, OTHER_TENANT)];
    expect(matching(records, q.recordBySourceIdFilter(TENANT, INTEGRATION, 'pg-1'))).toEqual([records[0]]);
    expect(matching(records, q.recordBySourceIdFilter(TENANT, 'other', 'pg-1'))).toEqual([]);
  });
});

describe('push builders', () => {
  const now = new Date('2026-03-02T09:00:00.000Z');
  const soon = '2026-03-02T09:01:00.000Z';

  it('claims pending records and failed ones that are due with attempts left, in id order after the cursor', () => {
    const records = [
      recordDocument('initiated', { id: '01', status: 'initiated' }),
      recordDocument('update', { id: '02', status: 'update-request' }),
      recordDocument('pushed', { id: '03', status: 'pushed' }),
      recordDocument('due', { id: '04', status: 'failed', attempts: 1, nextAttemptAt: AT }),
      recordDocument('later', { id: '05', status: 'failed', attempts: 1, nextAttemptAt: soon }),
      recordDocument('exhausted', { id: '06', status: 'failed', attempts: 2, nextAttemptAt: AT }),
      recordDocument('waiting', { id: '07', status: 'failed', attempts: 1, nextAttemptAt: null }),
      recordDocument('skipped', { id: '08', status: 'skipped' }),
      recordDocument('other', { id: '00', status: 'initiated' }, OTHER_TENANT),
    ];
    const claim = (options: { after?: string; now: Date }) =>
      ids(
        sorted(
          matching(records, q.claimForPushFilter(TENANT, INTEGRATION, { ...options, maxAttempts: 2 })),
          q.CLAIM_ORDER,
        ),
      );
    expect(claim({ now })).toEqual(['01', '02', '04']);
    expect(claim({ now: new Date(soon) })).toEqual(['01', '02', '04', '05']);
    expect(claim({ now, after: '01' })).toEqual(['02', '04']);
  });

  it('marks a push intent, a push, an update, a failure and a skip', () => {
    const record = recordDocument('pg-1', { lastError: 'old' });
    const apply = (update: UpdateFilter<StoredDocument>) =>
      upsertOne([record], q.byIdFilter(TENANT, record._id), update);
    const at = new Date('2026-03-02T09:06:00.000Z');

    apply(q.pushIntentUpdate(at));
    expect(record.pushIntentAt).toEqual(at);

    apply(q.markFailedUpdate({ runId: 'run-1', error: '503', nextAttemptAt: now }, at));
    apply(q.markFailedUpdate({ runId: 'run-1', error: '502', nextAttemptAt: now }, at));
    expect(record).toMatchObject({
      status: 'failed',
      attempts: 2,
      lastError: '502',
      nextAttemptAt: now,
      lastRunId: 'run-1',
    });

    apply(
      q.markPushedUpdate(
        { runId: 'run-2', destinationId: 'd-1', destinationNumber: 'FWO1', operation: 'created' },
        at,
      ),
    );
    expect(record).toMatchObject({
      status: 'pushed',
      destinationId: 'd-1',
      destinationNumber: 'FWO1',
      attempts: 0,
      nextAttemptAt: null,
      lastError: null,
      pushIntentAt: null,
      pushedAt: at,
      updatedAt: at,
      lastRunId: 'run-2',
    });
    apply(q.markPushedUpdate({ runId: null, destinationId: 'd-1', operation: 'updated' }, at));
    expect(record).toMatchObject({ status: 'updated', destinationNumber: null, lastRunId: null });

    apply(q.markSkippedUpdate('run-3', at));
    expect(record).toMatchObject({ status: 'skipped', lastError: null, lastRunId: 'run-3' });
  });

  it("writes a batch's intents and outcomes by id, only to the tenant's records", () => {
    const records = [
      recordDocument('pg-1', { id: '01' }),
      recordDocument('pg-2', { id: '02' }),
      recordDocument('pg-3', { id: '03' }),
      recordDocument('pg-1', { id: '09' }, OTHER_TENANT),
    ];
    const at = new Date('2026-03-02T09:06:00.000Z');
    const later = new Date('2026-03-02T09:07:00.000Z');
    expect(ids(matching(records, q.recordsByIdsFilter(TENANT, ['01', '03', '09'])))).toEqual(['01', '03']);

    const pushed = bulkWrite(
      records,
      q.outcomeOps(
        TENANT,
        [
          { recordId: '01', runId: 'run-1', destinationId: 'd-1', operation: 'created' as const, at },
          { recordId: '09', runId: 'run-1', destinationId: 'd-9', operation: 'created' as const, at },
        ],
        (entry) => q.markPushedUpdate(entry, entry.at),
      ),
    );
    const failed = bulkWrite(
      records,
      q.outcomeOps(
        TENANT,
        [{ recordId: '02', runId: 'run-1', error: '503', nextAttemptAt: later, at }],
        (entry) => q.markFailedUpdate(entry, entry.at),
      ),
    );
    expect([pushed.matchedCount, failed.matchedCount]).toEqual([1, 1]);
    expect(records[0]).toMatchObject({
      status: 'pushed',
      destinationId: 'd-1',
      pushedAt: at,
      pushIntentAt: null,
    });
    expect(records[1]).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: '503',
      nextAttemptAt: later,
    });
    expect(records[2]).toMatchObject({ status: 'initiated' });
    expect(records[3]).toMatchObject({ status: 'initiated', destinationId: null });
    expect(Object.keys(q.OUTCOME_STATE_PROJECTION)).toEqual(['_id', 'integrationId', 'status', 'attempts']);
  });

  it('requeues the failed records of a run, back to initiated or update-request', () => {
    const event = (
      recordId: string,
      to: string,
      kind: RecordEvent['kind'] = 'lifecycle',
      runId = 'run-1',
    ) => ({
      _id: newId(),
      tenantId: TENANT,
      recordId,
      kind,
      to,
      runId,
    });
    const events = [
      event('a', 'failed'),
      event('b', 'failed'),
      event('c', 'failed', 'lifecycle', 'run-2'),
      event('d', 'failed', 'source-status'),
      event('e', 'pushed'),
    ];
    expect(matching(events, q.failedInRunFilter(TENANT, 'run-1')).map((e) => e.recordId)).toEqual(['a', 'b']);

    const records = [
      recordDocument('a', { id: 'a', status: 'failed', attempts: 3, nextAttemptAt: AT }),
      recordDocument('b', { id: 'b', status: 'failed', destinationId: 'd-b' }),
      recordDocument('c', { id: 'c', status: 'pushed' }),
      recordDocument('x', { id: 'x', status: 'failed' }, OTHER_TENANT),
    ];
    const failed = matching(records, q.failedRecordsFilter(TENANT, ['a', 'b', 'c', 'x']));
    expect(ids(failed)).toEqual(['a', 'b']);
    const at = new Date('2026-03-03T00:00:00.000Z');
    bulkWrite(
      records,
      q.requeueOps(
        failed.map((document) => codecs.records.fromDocument(document)),
        at,
      ),
    );
    expect(records.map((r) => [r._id, r.status, r.attempts, r.nextAttemptAt])).toEqual([
      ['a', 'initiated', 0, null],
      ['b', 'update-request', 0, null],
      ['c', 'pushed', 0, null],
      ['x', 'failed', 0, null],
    ]);
    expect(records[0]!.updatedAt).toEqual(at);
  });
});

describe('record search, counts and timeline builders', () => {
  const records = [
    recordDocument('pg-1', { sourceData: { title: 'Leaking pipe in room 101' }, status: 'initiated' }),
    recordDocument('pg-2', {
      sourceData: { title: 'Broken door' },
      status: 'pushed',
      destinationNumber: 'FWO0001042',
      destinationId: 'c'.repeat(32),
    }),
    recordDocument('pg-3', {
      sourceData: { title: 'Paint 50% done' },
      status: 'initiated',
      integrationId: 'other',
    }),
    recordDocument('pg-4', { sourceData: { title: 'a.b' }, status: 'failed' }, OTHER_TENANT),
  ];
  const search = (query: Parameters<typeof q.recordSearchFilter>[1], tenantId = TENANT) =>
    matching(records, q.recordSearchFilter(tenantId, query)).map((r) => r.sourceId);

  it('searches by source id, destination number or id, text in any case, status and integration', () => {
    expect(search({ q: 'pg-1' })).toEqual(['pg-1']);
    expect(search({ q: 'FWO0001042' })).toEqual(['pg-2']);
    expect(search({ q: 'c'.repeat(32) })).toEqual(['pg-2']);
    expect(search({ q: 'LEAKING pipe' })).toEqual(['pg-1']);
    expect(search({ q: '50%' })).toEqual(['pg-3']);
    expect(search({ status: 'pushed' })).toEqual(['pg-2']);
    expect(search({ integrationId: 'other' })).toEqual(['pg-3']);
    expect(search({})).toEqual(['pg-1', 'pg-2', 'pg-3']);
  });

  it('matches search text literally, not as a pattern, and never across tenants', () => {
    expect(search({ q: 'a.b' }, OTHER_TENANT)).toEqual(['pg-4']);
    expect(search({ q: 'Leaking.pipe' })).toEqual([]);
    expect(search({ q: 'a.b' })).toEqual([]);
  });

  it('counts records by status, for the tenant or one integration', () => {
    const counts = (integrationId?: string) =>
      Object.fromEntries(
        aggregated<{ _id: RecordStatus; count: number }>(
          records,
          q.recordsByStatusPipeline(TENANT, integrationId),
        ).map(({ _id, count }) => [_id, count]),
      );
    expect(counts()).toEqual({ initiated: 2, pushed: 1 });
    expect(counts(INTEGRATION)).toEqual({ initiated: 1, pushed: 1 });
  });

  it('reads a record’s events oldest first, ties in id order', () => {
    const event = (id: string, at: string, recordId = 'r1', tenantId = TENANT) => ({
      _id: id,
      tenantId,
      recordId,
      at: new Date(at),
    });
    const events = [
      event('03', '2026-03-02T09:00:01.000Z'),
      event('02', '2026-03-02T09:00:00.000Z'),
      event('01', '2026-03-02T09:00:00.000Z'),
      event('04', '2026-03-02T08:00:00.000Z', 'r2'),
      event('05', '2026-03-02T08:00:00.000Z', 'r1', OTHER_TENANT),
    ];
    expect(ids(sorted(matching(events, q.timelineFilter(TENANT, 'r1')), q.TIMELINE_ORDER))).toEqual([
      '01',
      '02',
      '03',
    ]);
  });
});

describe('run and exception builders', () => {
  const run = (
    integrationId: string,
    startedAt: string,
    status: RunStatus,
    tenantId = TENANT,
  ): StoredDocument =>
    codecs.runs.toDocument({
      ...newRun(
        tenantId,
        { integrationId, planVersion: 1, trigger: 'manual', cursorBefore: null },
        new Date(startedAt),
      ),
      status,
    });

  it('lists runs by integration, status and start time, and finds the running one', () => {
    const runs = [
      run('one', '2026-03-01T10:00:00.000Z', 'failed'),
      run('two', '2026-03-02T10:00:00.000Z', 'succeeded'),
      run('one', '2026-03-03T10:00:00.000Z', 'running'),
      run('one', '2026-03-03T10:00:00.000Z', 'running', OTHER_TENANT),
    ];
    const list = (filter: Parameters<typeof q.runListFilter>[1]) =>
      matching(runs, q.runListFilter(TENANT, filter));
    expect(list({})).toHaveLength(3);
    expect(list({ integrationId: 'one' })).toEqual([runs[0], runs[2]]);
    expect(list({ status: 'failed' })).toEqual([runs[0]]);
    expect(list({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual([runs[1]]);
    expect(list({ from: '2026-03-02T00:00:00.000Z' })).toEqual([runs[1], runs[2]]);
    expect(matching(runs, q.runningRunFilter(TENANT, 'one'))).toEqual([runs[2]]);
  });

  it('finishes a running run once', () => {
    const runs = [run('one', AT, 'running')];
    const finish = (status: 'succeeded' | 'failed', at: string) =>
      upsertOne(
        runs,
        q.finishRunFilter(TENANT, runs[0]!._id),
        q.finishRunUpdate(
          { status, counts: { ...emptyRunCounts(), pulled: 3 }, cursorAfter: 'c1', nodeTraces: [] },
          new Date(at),
        ),
      ).matched;
    expect(
      upsertOne(runs, q.finishRunFilter(OTHER_TENANT, runs[0]!._id), q.setFieldsUpdate({})).matched,
    ).toBe(false);
    expect(finish('succeeded', '2026-03-02T09:00:05.000Z')).toBe(true);
    expect(finish('failed', '2026-03-02T09:00:09.000Z')).toBe(false);
    expect(codecs.runs.fromDocument(runs[0]!)).toMatchObject<Partial<Run>>({
      status: 'succeeded',
      finishedAt: '2026-03-02T09:00:05.000Z',
      cursorAfter: 'c1',
      error: null,
      counts: { ...emptyRunCounts(), pulled: 3 },
    });
  });

  it('filters exceptions by integration, node, kind, time and resolution, and resolves one once', () => {
    const exception = (fields: Partial<ExceptionLog>, tenantId = TENANT) =>
      codecs.exceptions.toDocument({
        ...newException(tenantId, {
          integrationId: INTEGRATION,
          runId: null,
          phase: 'push',
          kind: 'timeout',
          message: 'x',
          httpStatus: null,
          responseSnippet: null,
          nodeId: 'dest',
          recordId: null,
        }),
        ...fields,
      });
    const exceptions = [
      exception({ at: '2026-03-02T09:00:00.000Z' }),
      exception({ at: '2026-03-02T10:00:00.000Z', kind: 'api-4xx' }),
      exception({ at: '2026-03-03T10:00:00.000Z', kind: 'mapping', nodeId: 'map', integrationId: 'other' }),
      exception({ at: '2026-03-02T10:00:00.000Z' }, OTHER_TENANT),
    ];
    const list = (filter: Parameters<typeof q.exceptionListFilter>[1]) =>
      matching(exceptions, q.exceptionListFilter(TENANT, filter)).map((e) => exceptions.indexOf(e));
    expect(list({})).toEqual([0, 1, 2]);
    expect(list({ integrationId: INTEGRATION })).toEqual([0, 1]);
    expect(list({ nodeId: 'map' })).toEqual([2]);
    expect(list({ kind: 'api-4xx' })).toEqual([1]);
    expect(list({ from: '2026-03-02T09:30:00.000Z', to: '2026-03-03T00:00:00.000Z' })).toEqual([1]);

    const resolve = (by: string, at: string) =>
      upsertOne(
        exceptions,
        q.unresolvedExceptionFilter(TENANT, exceptions[0]!._id),
        q.resolveExceptionUpdate(by, new Date(at)),
      ).matched;
    expect(resolve('user-1', '2026-03-04T00:00:00.000Z')).toBe(true);
    expect(resolve('user-2', '2026-03-05T00:00:00.000Z')).toBe(false);
    expect(exceptions[0]).toMatchObject({
      resolvedBy: 'user-1',
      resolvedAt: new Date('2026-03-04T00:00:00.000Z'),
    });
    expect(list({ resolved: true })).toEqual([0]);
    expect(list({ resolved: false })).toEqual([1, 2]);
  });
});

/** An exception log entry of the push node at `at`. */
const anException = (at: string, kind: ExceptionLog['kind'], integrationId = INTEGRATION) => ({
  ...newException(TENANT, {
    integrationId,
    runId: null,
    phase: 'push',
    kind,
    message: 'x',
    httpStatus: null,
    responseSnippet: null,
    nodeId: 'dest',
    recordId: null,
  }),
  at,
  lastSeenAt: at,
});

describe('insights rollups', () => {
  const finishedRun = (
    [startedAt, finishedAt]: [string, string],
    status: 'succeeded' | 'partial' | 'failed',
    counts: Partial<Run['counts']> = {},
    integrationId = INTEGRATION,
  ): Run => ({
    ...newRun(
      TENANT,
      { integrationId, planVersion: 1, trigger: 'manual', cursorBefore: null },
      new Date(startedAt),
    ),
    status,
    finishedAt,
    counts: { ...emptyRunCounts(), ...counts },
  });
  /** The rollups the contract's insights data set leaves, written through the builders as the adapter does. */
  function rollups(tenantId = TENANT) {
    const runRollups: Documents = [];
    const exceptionRollups: Documents = [];
    const runs = [
      finishedRun(['2026-03-01T08:00:00.000Z', '2026-03-01T08:01:00.000Z'], 'succeeded', {
        pulled: 3,
        new: 3,
        created: 2,
        failed: 1,
      }),
      finishedRun(['2026-03-01T08:30:00.000Z', '2026-03-01T08:30:30.000Z'], 'partial', {
        pulled: 5,
        changed: 1,
        unchanged: 4,
        updated: 1,
      }),
      finishedRun(['2026-03-02T23:59:00.000Z', '2026-03-03T00:00:30.000Z'], 'partial', {
        pulled: 2,
        changed: 2,
        updated: 1,
        skipped: 1,
      }),
      finishedRun(['2026-03-02T12:00:00.000Z', '2026-03-02T12:02:00.000Z'], 'failed'),
      finishedRun(['2026-03-03T00:00:00.000Z', '2026-03-03T00:00:01.000Z'], 'succeeded', {
        pulled: 7,
        new: 7,
      }),
      finishedRun(
        ['2026-03-01T09:00:00.000Z', '2026-03-01T09:00:10.000Z'],
        'succeeded',
        { pulled: 4, new: 4, created: 4 },
        'other',
      ),
    ];
    for (const run of runs) {
      const increment = runRollupIncrement(run)!;
      upsertOne(
        runRollups,
        q.runRollupFilter(tenantId, increment),
        q.runRollupUpdate(tenantId, increment),
        true,
      );
    }
    const exceptions = [
      anException('2026-03-01T08:00:30.000Z', 'api-5xx'),
      anException('2026-03-01T08:59:59.999Z', 'api-5xx'),
      anException('2026-03-02T23:59:10.000Z', 'mapping'),
      anException('2026-03-03T00:00:01.000Z', 'api-5xx'),
      anException('2026-03-01T09:00:05.000Z', 'timeout', 'other'),
    ];
    // Added in two batches, as two runs would: the second batch increments the first's documents.
    bulkWrite(
      exceptionRollups,
      q.exceptionRollupOps(tenantId, exceptionRollupIncrements(exceptions.slice(0, 1))),
    );
    bulkWrite(
      exceptionRollups,
      q.exceptionRollupOps(tenantId, exceptionRollupIncrements(exceptions.slice(1))),
    );
    return { runRollups, exceptionRollups };
  }

  const insights = (
    data: ReturnType<typeof rollups>,
    tenantId: string,
    range: { from: string; to: string },
    integrationId?: string,
  ) =>
    assembleInsights({
      days: aggregated<DailyRollup>(data.runRollups, q.dailyRollupsPipeline(tenantId, range, integrationId)),
      exceptionsByKind: aggregated<{ kind: string; count: number }>(
        data.exceptionRollups,
        q.exceptionKindsPipeline(tenantId, range, integrationId),
      ),
    });
  const range = { from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T00:00:00.000Z' };
  const none = { initiated: 0, 'update-request': 0, created: 0, updated: 0, skipped: 0, failed: 0 };

  it('upserts one run rollup per tenant, integration and start hour, adding each run with $inc', () => {
    const { runRollups } = rollups();
    expect(runRollups).toHaveLength(5);
    const hour8 = matching(runRollups, { tenantId: TENANT, integrationId: INTEGRATION })[0];
    expect(hour8).toEqual({
      _id: `${TENANT}/${INTEGRATION}/2026-03-01T08:00:00.000Z`,
      tenantId: TENANT,
      integrationId: INTEGRATION,
      hour: new Date('2026-03-01T08:00:00.000Z'),
      pulled: 8,
      new: 3,
      changed: 1,
      unchanged: 4,
      created: 2,
      updated: 1,
      skipped: 0,
      failed: 1,
      runsSucceeded: 1,
      runsPartial: 1,
      runsFailed: 0,
      runMsTotal: 90_000,
      runMsCount: 2,
    });
  });

  it('counts exceptions per integration, hour and kind across batches', () => {
    const { exceptionRollups } = rollups();
    expect(
      exceptionRollups.map(({ integrationId, hour, kind, count }) => [
        integrationId,
        (hour as Date).toISOString(),
        kind,
        count,
      ]),
    ).toEqual([
      [INTEGRATION, '2026-03-01T08:00:00.000Z', 'api-5xx', 2],
      [INTEGRATION, '2026-03-02T23:00:00.000Z', 'mapping', 1],
      [INTEGRATION, '2026-03-03T00:00:00.000Z', 'api-5xx', 1],
      ['other', '2026-03-01T09:00:00.000Z', 'timeout', 1],
    ]);
  });

  it('sums the rollups per UTC day, in day order', () => {
    const days = aggregated<DailyRollup>(
      rollups().runRollups,
      q.dailyRollupsPipeline(TENANT, range, INTEGRATION),
    );
    expect(
      days.map(({ day, pulled, runsPartial, runMsTotal }) => ({ day, pulled, runsPartial, runMsTotal })),
    ).toEqual([
      { day: '2026-03-01', pulled: 8, runsPartial: 1, runMsTotal: 90_000 },
      { day: '2026-03-02', pulled: 2, runsPartial: 1, runMsTotal: 210_000 },
    ]);
  });

  it('gives the contract’s known answers for one integration', () => {
    expect(insights(rollups(), TENANT, range, INTEGRATION)).toEqual({
      recordsByDay: [
        {
          day: '2026-03-01',
          outcomes: { ...none, initiated: 3, 'update-request': 1, created: 2, updated: 1, failed: 1 },
        },
        { day: '2026-03-02', outcomes: { ...none, 'update-request': 2, updated: 1, skipped: 1 } },
      ],
      runsByDay: [
        { day: '2026-03-01', statuses: { running: 0, succeeded: 1, partial: 1, failed: 0 } },
        { day: '2026-03-02', statuses: { running: 0, succeeded: 0, partial: 1, failed: 1 } },
      ],
      topExceptionKinds: [
        { kind: 'api-5xx', count: 2 },
        { kind: 'mapping', count: 1 },
      ],
      totals: {
        records: { initiated: 3, 'update-request': 3, created: 2, updated: 2, skipped: 1, failed: 1 },
        runs: 4,
        averageRunMs: 75_000,
      },
    });
  });

  it('covers every integration of the tenant when none is named, and nothing of another tenant', () => {
    const data = rollups();
    const other = rollups(OTHER_TENANT);
    const both = {
      runRollups: [...data.runRollups, ...other.runRollups],
      exceptionRollups: [...data.exceptionRollups, ...other.exceptionRollups],
    };
    const wholeTenant = insights(both, TENANT, range);
    expect(wholeTenant.totals).toMatchObject({ runs: 5, averageRunMs: 62_000 });
    expect(wholeTenant.totals.records.initiated).toBe(7);
    expect(wholeTenant.topExceptionKinds.map(({ kind }) => kind)).toEqual(['api-5xx', 'mapping', 'timeout']);
    expect(insights(both, 'tenant-c', range).totals.runs).toBe(0);
  });

  it('widens a range to whole hours and answers an empty range with empty series', () => {
    const data = rollups();
    const within = insights(data, TENANT, {
      from: '2026-03-01T08:45:00.000Z',
      to: '2026-03-01T08:45:00.001Z',
    });
    expect(within.totals.runs).toBe(2);
    expect(within.topExceptionKinds).toEqual([{ kind: 'api-5xx', count: 2 }]);
    expect(
      insights(data, TENANT, { from: '2026-03-01T07:00:00.000Z', to: '2026-03-01T08:00:00.000Z' }).totals
        .runs,
    ).toBe(0);
    expect(
      insights(data, TENANT, { from: '2025-01-01T00:00:00.000Z', to: '2025-02-01T00:00:00.000Z' }),
    ).toEqual({
      recordsByDay: [],
      runsByDay: [],
      topExceptionKinds: [],
      totals: { records: none, runs: 0, averageRunMs: null },
    });
  });
});

describe('retention', () => {
  const CUTOFF = new Date('2026-01-20T00:00:00.000Z');
  const event = (id: string, recordId: string, kind: RecordEvent['kind'], at: string, tenantId = TENANT) =>
    codecs.recordEvents.toDocument({
      id,
      tenantId,
      integrationId: INTEGRATION,
      recordId,
      kind,
      at,
      from: null,
      to: 'x',
      runId: null,
      detail: {},
    });
  const events = [
    event('a1', 'a', 'lifecycle', '2026-01-01T00:00:00.000Z'),
    event('a2', 'a', 'lifecycle', '2026-01-02T00:00:00.000Z'),
    // Same instant: the later id is the later event.
    event('a3', 'a', 'lifecycle', '2026-01-02T00:00:00.000Z'),
    event('a4', 'a', 'source-status', '2026-01-03T00:00:00.000Z'),
    event('a5', 'a', 'lifecycle', '2026-03-01T00:00:00.000Z'),
    event('b1', 'b', 'lifecycle', '2026-01-01T00:00:00.000Z'),
    event('b2', 'b', 'lifecycle', '2026-01-05T00:00:00.000Z'),
    event('c1', 'c', 'lifecycle', '2026-01-01T00:00:00.000Z'),
    event('x1', 'x', 'lifecycle', '2026-01-01T00:00:00.000Z', OTHER_TENANT),
    event('x2', 'x', 'lifecycle', '2026-01-02T00:00:00.000Z', OTHER_TENANT),
  ];
  const prunable = (tenantId: string, batchSize: number) =>
    ids(
      aggregated<StoredDocument>(
        events,
        q.prunableRecordEventsPipeline(tenantId, CUTOFF, batchSize),
        () => events,
      ),
    );

  it("selects old record events, oldest first, never a record's last event of a kind", () => {
    expect(prunable(TENANT, 100)).toEqual(['a1', 'b1', 'a2', 'a3']);
    expect(prunable(TENANT, 2)).toEqual(['a1', 'b1']);
    expect(prunable(OTHER_TENANT, 100)).toEqual(['x1']);
  });

  it('selects finished runs that started before the cutoff, and exceptions logged before it', () => {
    const run = (startedAt: string, status: RunStatus, tenantId = TENANT) =>
      codecs.runs.toDocument({
        ...newRun(
          tenantId,
          { integrationId: INTEGRATION, planVersion: 1, trigger: 'manual', cursorBefore: null },
          new Date(startedAt),
        ),
        status,
      });
    const runs = [
      run('2026-01-01T00:00:00.000Z', 'succeeded'),
      run('2026-01-02T00:00:00.000Z', 'running'),
      run('2026-01-20T00:00:00.000Z', 'failed'),
      run('2026-01-01T00:00:00.000Z', 'failed', OTHER_TENANT),
    ];
    expect(matching(runs, q.prunableRunsFilter(TENANT, CUTOFF))).toEqual([runs[0]]);
    const exception = (at: string) => codecs.exceptions.toDocument(anException(at, 'timeout'));
    const exceptions = [exception('2026-01-19T23:59:59.999Z'), exception('2026-01-20T00:00:00.000Z')];
    // First seen long ago, seen again after the cutoff: kept. Stored before occurrences: its `at` counts.
    const recurring = codecs.exceptions.toDocument({
      ...anException('2026-01-01T00:00:00.000Z', 'timeout'),
      lastSeenAt: '2026-01-25T00:00:00.000Z',
    });
    const { lastSeenAt: _seen, ...older } = codecs.exceptions.toDocument(
      anException('2026-01-02T00:00:00.000Z', 'timeout'),
    );
    expect(matching([...exceptions, recurring, older], q.prunableExceptionsFilter(TENANT, CUTOFF))).toEqual([
      exceptions[0],
      older,
    ]);
    expect(matching(runs, q.idsFilter(OTHER_TENANT, ids(runs)))).toEqual([runs[3]]);
  });
});
