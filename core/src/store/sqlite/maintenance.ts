import type { Database } from 'better-sqlite3';
import type { MaintenanceRepository } from '../port.js';
import { checkedPruneOptions } from '../retention.js';
import { statement } from './table.js';

/*
 * Each delete is one statement over at most `batchSize` rows, oldest first, so a prune never holds the
 * write lock for long; the caller repeats until nothing is left. Rollups are never touched.
 */

const PRUNE_RUNS = `DELETE FROM runs WHERE id IN (
  SELECT id FROM runs WHERE tenant_id = @tenantId AND started_at < @before AND status NOT IN ('running', 'queued')
  ORDER BY started_at LIMIT @batchSize)`;

const PRUNE_EXCEPTIONS = `DELETE FROM exceptions WHERE id IN (
  SELECT id FROM exceptions WHERE tenant_id = @tenantId AND COALESCE(last_seen_at, at) < @before
  ORDER BY COALESCE(last_seen_at, at) LIMIT @batchSize)`;

/** An event goes only when a later event of the same kind exists for its record (timeline order: at, id). */
const PRUNE_RECORD_EVENTS = `DELETE FROM record_events WHERE id IN (
  SELECT e.id FROM record_events AS e
  WHERE e.tenant_id = @tenantId AND e.at < @before
    AND EXISTS (
      SELECT 1 FROM record_events AS later
      WHERE later.tenant_id = e.tenant_id AND later.record_id = e.record_id AND later.kind = e.kind
        AND (later.at > e.at OR (later.at = e.at AND later.id > e.id)))
  ORDER BY e.at LIMIT @batchSize)`;

export function sqliteMaintenance(db: Database): MaintenanceRepository {
  const prune = (sql: string, tenantId: string, before: Date, batchSize: number): number =>
    statement(db, sql).run({ tenantId, before: before.toISOString(), batchSize }).changes;
  return {
    async prune(tenantId, options) {
      const { runsBefore, eventsBefore, batchSize } = checkedPruneOptions(options);
      return {
        runs: prune(PRUNE_RUNS, tenantId, runsBefore, batchSize),
        exceptions: prune(PRUNE_EXCEPTIONS, tenantId, runsBefore, batchSize),
        recordEvents: prune(PRUNE_RECORD_EVENTS, tenantId, eventsBefore, batchSize),
      };
    },
  };
}
