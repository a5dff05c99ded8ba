import type { RecordEvent, RecordStatus, SyncRecord } from '../../domain/record.js';
import { PENDING_PUSH_STATUSES, RecordStatusSchema } from '../../domain/record.js';
import {
  appliedPairSave,
  failedEvent,
  lifecycleEvent,
  OUTCOME_STATUSES,
  outcomeCounts,
  planPulledPage,
  pushedEvent,
  pushedStatus,
  requeuedStatus,
  settledEntries,
  type OutcomeState,
  type Settled,
  type StoredRecordState,
} from '../lifecycle.js';
import type {
  FailedRecord,
  PairSave,
  PushedRecord,
  RecordEventRepository,
  RecordRepository,
} from '../port.js';
import { statement, type Row } from './table.js';
import type { Tables } from './tables.js';

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

export function sqliteRecords({ records, recordEvents }: Tables, clock: () => Date): RecordRepository {
  const db = records.db;

  const upsertPage = db.transaction(
    (
      tenantId: string,
      integrationId: string,
      page: Parameters<RecordRepository['upsertPulled']>[2],
      runId: string | null,
    ) => {
      const existingRows = statement(
        db,
        `SELECT id, source_id, source_hash, source_status, destination_id, status FROM records
         WHERE tenant_id = ? AND integration_id = ? AND source_id IN (SELECT value FROM json_each(?))`,
      ).all(tenantId, integrationId, JSON.stringify(page.map((record) => record.sourceId))) as Row[];
      const existing = new Map<string, StoredRecordState>(
        existingRows.map((row) => [
          row.source_id as string,
          {
            id: row.id as string,
            sourceId: row.source_id as string,
            sourceHash: row.source_hash as string,
            sourceStatus: row.source_status as string | null,
            destinationId: row.destination_id as string | null,
            status: row.status as RecordStatus,
          },
        ]),
      );
      const at = clock().toISOString();
      const plan = planPulledPage(existing, page, { tenantId, integrationId, runId, at });
      records.insertMany(plan.inserts);
      if (plan.changes.length > 0) {
        statement(
          db,
          `UPDATE records SET source_hash = c.source_hash, source_data = c.source_data, source_status = c.source_status,
             status = c.status, attempts = 0, next_attempt_at = NULL, last_error = NULL, last_run_id = @runId,
             updated_at = @at
           FROM (SELECT json_extract(value, '$.id') AS id, json_extract(value, '$.sourceHash') AS source_hash,
                        json_extract(value, '$.sourceData') AS source_data,
                        json_extract(value, '$.sourceStatus') AS source_status,
                        json_extract(value, '$.status') AS status
                 FROM json_each(@changes)) AS c
           WHERE +records.tenant_id = @tenantId AND records.id = c.id`,
        ).run({
          tenantId,
          runId,
          at,
          changes: JSON.stringify(
            plan.changes.map((c) => ({ ...c, sourceData: JSON.stringify(c.sourceData) })),
          ),
        });
      }
      recordEvents.insertMany(plan.events);
      return plan.result;
    },
  );

  /*
   * Statements over a list of record ids find each by primary key: `+tenant_id` keeps SQLite from walking
   * the tenant's whole index instead (it cannot tell how short a json_each list is).
   */

  /** The tenant's records among `ids`, as a push outcome's event needs them. */
  const outcomeStates = (tenantId: string, ids: string[]): Map<string, OutcomeState> => {
    const rows = statement(
      db,
      `SELECT id, integration_id, status, attempts FROM records
       WHERE id IN (SELECT value FROM json_each(?)) AND +tenant_id = ?`,
    ).all(JSON.stringify(ids), tenantId) as Row[];
    return new Map(
      rows.map((row) => [
        row.id as string,
        {
          id: row.id as string,
          integrationId: row.integration_id as string,
          status: row.status as RecordStatus,
          attempts: row.attempts as number,
        },
      ]),
    );
  };

  /**
   * One transaction for a batch of push outcomes: reads the records' states once, sets each record's columns
   * (`columns`, one prepared UPDATE by primary key run per record, parameters by position: cheaper than one
   * UPDATE … FROM json_each over the batch, which wrote the batch as JSON and unpacked it again) and writes
   * one lifecycle event per record.
   */
  const settleBatch = <T extends PushedRecord | FailedRecord>(
    columns: string,
    values: (entry: Settled<T>) => unknown[],
    event: (tenantId: string, entry: Settled<T>) => RecordEvent,
  ) => {
    const update = `UPDATE records SET ${columns} WHERE id = ? AND tenant_id = ?`;
    return db.transaction((tenantId: string, entries: readonly T[], now: Date): number => {
      const states = outcomeStates(
        tenantId,
        entries.map((entry) => entry.recordId),
      );
      const settled = settledEntries(entries, states, now);
      if (settled.length === 0) return 0;
      const set = statement(db, update);
      for (const entry of settled) set.run(...values(entry), entry.recordId, tenantId);
      recordEvents.insertMany(settled.map((entry) => event(tenantId, entry)));
      return settled.length;
    });
  };

  const settlePushed = settleBatch<PushedRecord>(
    `status = ?, destination_id = ?, destination_number = ?, attempts = 0, next_attempt_at = NULL,
     last_error = NULL, push_intent_at = NULL, pushed_at = ?, last_run_id = ?, updated_at = ?`,
    (entry) => {
      const at = entry.at.toISOString();
      return [
        pushedStatus(entry.operation),
        entry.destinationId,
        entry.destinationNumber ?? null,
        at,
        entry.runId,
        at,
      ];
    },
    pushedEvent,
  );

  const settleFailed = settleBatch<FailedRecord>(
    `status = 'failed', attempts = attempts + 1, next_attempt_at = ?, last_error = ?, last_run_id = ?,
     updated_at = ?`,
    (entry) => [entry.nextAttemptAt?.toISOString() ?? null, entry.error, entry.runId, entry.at.toISOString()],
    failedEvent,
  );

  /**
   * Changes one record's status and writes its lifecycle event, atomically. `change` sees the record as
   * stored inside the transaction. Null when the record is not the tenant's.
   */
  const transition = db.transaction(
    (
      tenantId: string,
      recordId: string,
      to: RecordStatus,
      change: (current: SyncRecord) => { fields: Partial<SyncRecord>; detail: Record<string, unknown> },
      runId: string | null,
      at: Date,
    ): SyncRecord | null => {
      const current = records.get(tenantId, recordId);
      if (!current) return null;
      const { fields, detail } = change(current);
      const iso = at.toISOString();
      records.update(tenantId, recordId, { ...fields, status: to, lastRunId: runId, updatedAt: iso });
      recordEvents.insertMany([
        lifecycleEvent(
          { tenantId, integrationId: current.integrationId, runId, at: iso },
          recordId,
          current.status,
          to,
          detail,
        ),
      ]);
      return records.get(tenantId, recordId);
    },
  );

  const saveManyPairs = db.transaction((tenantId: string, saves: readonly PairSave[]): string[] => {
    const read = statement(
      db,
      `SELECT integration_id, status, json_extract(pair, '$.revision') AS revision FROM records
       WHERE id = ? AND tenant_id = ?`,
    );
    const write = statement(
      db,
      `UPDATE records SET pair = @pair, source_hash = COALESCE(@sourceHash, source_hash),
         source_data = COALESCE(@sourceData, source_data),
         source_status = CASE WHEN @sourceHash IS NULL THEN source_status ELSE @sourceStatus END,
         status = COALESCE(@status, status),
         attempts = CASE WHEN @status IS NULL THEN attempts ELSE 0 END,
         next_attempt_at = CASE WHEN @status IS NULL THEN next_attempt_at ELSE NULL END,
         last_error = CASE WHEN @status IS NULL THEN last_error ELSE @error END,
         push_intent_at = CASE WHEN @status IS NULL THEN push_intent_at ELSE NULL END,
         pushed_at = CASE WHEN @wrote THEN @at ELSE pushed_at END,
         last_run_id = COALESCE(@runId, last_run_id), updated_at = @at
       WHERE id = @id AND tenant_id = @tenantId`,
    );
    const saved: string[] = [];
    const events: RecordEvent[] = [];
    for (const save of saves) {
      const row = read.get(save.recordId, tenantId) as Row | undefined;
      if (!row) continue;
      const applied = appliedPairSave(tenantId, save, {
        integrationId: row.integration_id as string,
        status: row.status as RecordStatus,
        revision: (row.revision as number | null) ?? null,
      });
      if (!applied) continue;
      write.run({
        id: save.recordId,
        tenantId,
        pair: JSON.stringify(applied.pair),
        sourceHash: save.source?.sourceHash ?? null,
        sourceData: save.source ? JSON.stringify(save.source.sourceData) : null,
        sourceStatus: save.source?.sourceStatus ?? null,
        status: save.status ?? null,
        error: save.error ?? null,
        wrote: save.wrote ? 1 : 0,
        runId: save.runId,
        at: save.at.toISOString(),
      });
      if (applied.event) events.push(applied.event);
      saved.push(save.recordId);
    }
    recordEvents.insertMany(events);
    return saved;
  });

  /*
   * One range of the records_for_push index (tenant, integration, status, id) per claimable status, each
   * stopping after `limit` rows, merged by id: a claim reads about `limit` rows per status, not every
   * record of the integration (an OR over statuses made SQLite scan them all and sort, on every batch).
   */
  const claimRange = (status: string, extra = '') =>
    `SELECT * FROM (SELECT ${records.selectList} FROM records
       WHERE tenant_id = @tenantId AND integration_id = @integrationId AND status = ${status} AND id > @after${extra}
       ORDER BY id LIMIT @limit)`;
  const pendingRanges = PENDING_PUSH_STATUSES.map((_, i) => claimRange(`@pending${i}`));
  const retryRange = claimRange(`'failed'`, ' AND attempts < @maxAttempts AND next_attempt_at <= @now');
  const claimSql = (ranges: string[]) => ranges.join(' UNION ALL ').concat(' ORDER BY id LIMIT @limit');
  const claimWithRetries = claimSql([...pendingRanges, retryRange]);
  const claimPending = claimSql(pendingRanges);

  const requeueSelected = db.transaction((tenantId: string, ids: string[], runId: string | null) => {
    const failed = statement(
      db,
      `SELECT ${records.selectList} FROM records
       WHERE tenant_id = ? AND status = 'failed' AND id IN (SELECT value FROM json_each(?))`,
    )
      .all(tenantId, JSON.stringify(ids))
      .map((row) => records.fromRow(row as Row));
    const at = clock().toISOString();
    statement(
      db,
      `UPDATE records SET status = CASE WHEN destination_id IS NULL THEN 'initiated' ELSE 'update-request' END,
         attempts = 0, next_attempt_at = NULL, updated_at = @at
       WHERE id IN (SELECT value FROM json_each(@ids)) AND +tenant_id = @tenantId`,
    ).run({ tenantId, at, ids: JSON.stringify(failed.map((record) => record.id)) });
    recordEvents.insertMany(
      failed.map((record) =>
        lifecycleEvent(
          { tenantId, integrationId: record.integrationId, runId, at },
          record.id,
          'failed',
          requeuedStatus(record),
          { replay: true },
        ),
      ),
    );
    return failed.length;
  });

  return {
    async upsertPulled(tenantId, integrationId, page, runId) {
      return upsertPage.immediate(tenantId, integrationId, page, runId);
    },
    async claimForPush(tenantId, integrationId, { limit, after, now, maxAttempts, retries = true }) {
      const rows = statement(db, retries ? claimWithRetries : claimPending).all({
        tenantId,
        integrationId,
        after: after ?? '',
        ...Object.fromEntries(PENDING_PUSH_STATUSES.map((status, i) => [`pending${i}`, status])),
        ...(retries && { maxAttempts, now: now.toISOString() }),
        limit,
      }) as Row[];
      return rows.map((row) => records.fromRow(row));
    },
    async markPushIntent(tenantId, recordId, at = clock()) {
      return records.update(tenantId, recordId, { pushIntentAt: at.toISOString() });
    },
    async markPushIntents(tenantId, recordIds, at = clock()) {
      if (recordIds.length === 0) return 0;
      return statement(
        db,
        `UPDATE records SET push_intent_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND +tenant_id = ?`,
      ).run(at.toISOString(), JSON.stringify(recordIds), tenantId).changes;
    },
    async markPushed(tenantId, recordId, input) {
      const changed = settlePushed.immediate(tenantId, [{ ...input, recordId }], clock());
      return changed > 0 ? records.get(tenantId, recordId) : null;
    },
    async markPushedMany(tenantId, pushed) {
      return pushed.length === 0 ? 0 : settlePushed.immediate(tenantId, pushed, clock());
    },
    async markFailed(tenantId, recordId, input) {
      const changed = settleFailed.immediate(tenantId, [{ ...input, recordId }], clock());
      return changed > 0 ? records.get(tenantId, recordId) : null;
    },
    async markFailedMany(tenantId, failed) {
      return failed.length === 0 ? 0 : settleFailed.immediate(tenantId, failed, clock());
    },
    async markSkipped(tenantId, recordId, { runId, reason, at = clock() }) {
      return transition.immediate(
        tenantId,
        recordId,
        'skipped',
        () => ({ fields: { lastError: null }, detail: { reason } }),
        runId,
        at,
      );
    },
    async requeue(tenantId, selection, runId = null) {
      const ids = new Set(selection.recordIds ?? []);
      if (selection.runId) {
        const failedInRun = statement(
          db,
          `SELECT DISTINCT record_id FROM record_events WHERE tenant_id = ? AND run_id = ? AND kind = 'lifecycle' AND to_value = 'failed'`,
        ).all(tenantId, selection.runId) as { record_id: string }[];
        for (const { record_id } of failedInRun) ids.add(record_id);
      }
      return ids.size === 0 ? 0 : requeueSelected.immediate(tenantId, [...ids], runId);
    },
    async get(tenantId, recordId) {
      return records.get(tenantId, recordId);
    },
    async bySourceIds(tenantId, integrationId, sourceIds) {
      if (sourceIds.length === 0) return [];
      return statement(
        db,
        `SELECT ${records.selectList} FROM records
         WHERE tenant_id = ? AND integration_id = ? AND source_id IN (SELECT value FROM json_each(?))`,
      )
        .all(tenantId, integrationId, JSON.stringify(sourceIds))
        .map((row) => records.fromRow(row as Row));
    },
    async linkedTo(tenantId, integrationId, destinationIds) {
      if (destinationIds.length === 0) return [];
      return statement(
        db,
        `SELECT ${records.selectList} FROM records
         WHERE tenant_id = ? AND destination_id IN (SELECT value FROM json_each(?)) AND integration_id = ?`,
      )
        .all(tenantId, JSON.stringify(destinationIds), integrationId)
        .map((row) => records.fromRow(row as Row));
    },
    async savePairs(tenantId, saves) {
      return saveManyPairs.immediate(tenantId, saves);
    },
    async getBySourceId(tenantId, integrationId, sourceId) {
      const row = statement(
        db,
        `SELECT ${records.selectList} FROM records WHERE tenant_id = ? AND integration_id = ? AND source_id = ?`,
      ).get(tenantId, integrationId, sourceId) as Row | undefined;
      return row ? records.fromRow(row) : null;
    },
    async search(tenantId, { integrationId, status, q }, page) {
      const where = ['tenant_id = @tenantId'];
      if (integrationId) where.push('integration_id = @integrationId');
      if (status) where.push('status = @status');
      if (q) {
        where.push(
          `(source_id = @q OR destination_number = @q OR destination_id = @q OR source_data LIKE @like ESCAPE '\\')`,
        );
      }
      return records.page(
        where.join(' AND '),
        { tenantId, integrationId, status, q, like: q && likePattern(q) },
        page,
      );
    },
    async waiting(tenantId, integrationId) {
      const row = statement(
        db,
        `SELECT COALESCE(SUM(next_attempt_at IS NOT NULL), 0) AS retry, COALESCE(SUM(next_attempt_at IS NULL), 0) AS attention
         FROM records
         WHERE tenant_id = @tenantId AND status = 'failed' AND (@integrationId IS NULL OR integration_id = @integrationId)`,
      ).get({ tenantId, integrationId: integrationId ?? null }) as { retry: number; attention: number };
      return { retry: row.retry, attention: row.attention };
    },
    async waitingOf(tenantId, integrationIds) {
      const rows = statement(
        db,
        `SELECT integration_id AS integrationId, SUM(next_attempt_at IS NOT NULL) AS retry,
           SUM(next_attempt_at IS NULL) AS attention
         FROM records
         WHERE tenant_id = @tenantId AND status = 'failed' AND integration_id IN (SELECT value FROM json_each(@ids))
         GROUP BY integration_id`,
      ).all({ tenantId, ids: JSON.stringify(integrationIds) }) as {
        integrationId: string;
        retry: number;
        attention: number;
      }[];
      return new Map(
        rows.map(({ integrationId, retry, attention }) => [integrationId, { retry, attention }]),
      );
    },
    async countByStatus(tenantId, integrationId) {
      const rows = statement(
        db,
        `SELECT status, COUNT(*) AS n FROM records
         WHERE tenant_id = @tenantId AND (@integrationId IS NULL OR integration_id = @integrationId)
         GROUP BY status`,
      ).all({ tenantId, integrationId: integrationId ?? null }) as { status: RecordStatus; n: number }[];
      const counts = Object.fromEntries(RecordStatusSchema.options.map((s) => [s, 0])) as Record<
        RecordStatus,
        number
      >;
      for (const { status, n } of rows) counts[status] = n;
      return counts;
    },
  };
}

export function sqliteRecordEvents({ recordEvents }: Tables): RecordEventRepository {
  return {
    async timeline(tenantId, recordId) {
      const rows = statement(
        recordEvents.db,
        `SELECT ${recordEvents.selectList} FROM record_events WHERE tenant_id = ? AND record_id = ? ORDER BY at, id`,
      ).all(tenantId, recordId) as Row[];
      return rows.map((row) => recordEvents.fromRow(row));
    },
    async outcomesOfRun(tenantId, runId) {
      const groups = statement(
        recordEvents.db,
        `SELECT to_value AS status, json_extract(detail, '$.recovered') IS 1 AS recovered, COUNT(*) AS count
         FROM record_events
         WHERE tenant_id = ? AND run_id = ? AND to_value IN (SELECT value FROM json_each(?)) AND kind = 'lifecycle'
         GROUP BY 1, 2`,
      ).all(tenantId, runId, JSON.stringify(OUTCOME_STATUSES)) as Row[];
      return outcomeCounts(
        groups.map((row) => ({
          status: row.status as string,
          recovered: row.recovered === 1,
          count: row.count as number,
        })),
      );
    },
  };
}
