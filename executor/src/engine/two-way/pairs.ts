import {
  contentHash,
  emptyPairState,
  type FailedRecord,
  type HeldConflict,
  type PairFields,
  type PairSave,
  type PairState,
  type PlanStage,
  type PulledRecord,
  type RecordStatus,
  type SyncRecord,
} from '@isync/core';
import {
  afterFailure,
  classify,
  failureOf,
  getPath,
  isTransient,
  type DestinationConfig,
  type DestinationRef,
  type Failure,
  type FlowItem,
  type RuntimeContext,
  type SourceRecordShape,
} from '@isync/nodes';
import type { PushRun } from '../push.js';
import { transform } from '../transform.js';
import type { TwoWayPlan } from './plan.js';
import { instantOf, isEcho, reconcile, withLandedIntent, type MappedChange } from './reconcile.js';

/** What two-way work needs of its run, beside what a push needs. */
export interface PairRun extends PushRun {
  integrationId: string;
  contextOf(stage: PlanStage): RuntimeContext;
  /** How each side's records are shaped (the source's, and the destination's as the way back reads them). */
  shapes: { source: SourceRecordShape; destination: SourceRecordShape };
  /** Stores the exceptions told so far (a held conflict is in the inbox before its pair says it is held). */
  flushExceptions(): Promise<void>;
}

/** What a page of the way back's source did to the ledger. */
export interface CounterpartsStored {
  /** Linked records a person changed on the destination side: they go through the way back. */
  changed: number;
  /** Unchanged, iSync's own writes coming back, or older versions arriving late. */
  unchanged: number;
  /** Destination records iSync did not link: the way back only updates records the flow linked. */
  unlinked: number;
}

const pairOf = (record: SyncRecord): PairState =>
  record.pair ??
  emptyPairState(record.status === 'linked' || record.status === 'updated' ? record.status : 'pushed');

/** The statuses a destination-side change moves to update-request (the others are on their way already). */
const SETTLED: readonly RecordStatus[] = ['pushed', 'linked', 'updated', 'skipped', 'failed'];

/**
 * Stores a page pulled by the way back (destination records) on the pairs they are linked to: a record a
 * person changed makes its pair update-request; iSync's own write coming back, an unchanged record and an
 * older version arriving late (by the system's update counter or time) change nothing but what is known of
 * the side. The first sight of a side is its baseline: nothing travels from it.
 */
export async function storeCounterparts(
  run: PairRun,
  page: readonly Record<string, unknown>[],
  shape: SourceRecordShape,
): Promise<CounterpartsStored> {
  const stored: CounterpartsStored = { changed: 0, unchanged: 0, unlinked: 0 };
  const byId = new Map<string, Record<string, unknown>>();
  for (const raw of page) {
    const id = getPath(raw, shape.idField);
    if (id !== undefined && id !== null && id !== '') byId.set(String(id), raw);
  }
  const linked = await run.store.records.linkedTo(run.tenantId, run.integrationId, [...byId.keys()]);
  const bookkeeping = bookkeepingOf(shape);
  const at = run.clock();
  const saves: PairSave[] = [];
  const linkedIds = new Set<string>();
  for (const record of linked) {
    const data = byId.get(record.destinationId!)!;
    linkedIds.add(record.destinationId!);
    const pair = pairOf(record);
    const hash = contentHash(data, shape.volatileFields);
    if (pair.counterpart?.hash === hash || isOlder(data, pair.counterpart?.data, shape)) {
      stored.unchanged += 1;
      continue;
    }
    const baseline = withLandedIntent(pair.baseline.destination ?? {}, data, pair.intent?.destination);
    const quiet = pair.baseline.destination === null || isEcho(data, baseline, bookkeeping);
    const next: PairState = {
      ...pair,
      counterpart: { hash, data },
      baseline: quiet ? { ...pair.baseline, destination: data } : pair.baseline,
    };
    const moves = !quiet && SETTLED.includes(record.status);
    saves.push({
      recordId: record.id,
      expectedRevision: record.pair?.revision ?? null,
      pair: next,
      ...(moves && {
        status: 'update-request',
        detail: { changedOn: 'destination', fields: changedFields(data, baseline, bookkeeping) },
      }),
      runId: run.runId,
      at,
    });
    if (quiet) stored.unchanged += 1;
    else stored.changed += 1;
  }
  stored.unlinked = byId.size - linkedIds.size;
  if (saves.length > 0) await run.store.records.savePairs(run.tenantId, saves);
  return stored;
}

/**
 * The source side's twin of `storeCounterparts`, before a pulled page is stored: a linked pair's source
 * record that is iSync's own write coming back, or an older version arriving late, is stored quietly (no
 * lifecycle change) and left out; the records answered go on to be stored as one way does.
 */
export async function quietSourceEchoes(
  run: PairRun,
  page: PulledRecord[],
  shape: SourceRecordShape,
): Promise<{ changes: PulledRecord[]; quiet: number }> {
  const known = new Map(
    (
      await run.store.records.bySourceIds(
        run.tenantId,
        run.integrationId,
        page.map((record) => record.sourceId),
      )
    ).map((record) => [record.sourceId, record]),
  );
  const bookkeeping = bookkeepingOf(shape);
  const at = run.clock();
  const saves: PairSave[] = [];
  const changes = page.filter((pulled) => {
    const record = known.get(pulled.sourceId);
    const pair = record?.pair;
    if (!record || !pair?.baseline.source || record.sourceHash === pulled.sourceHash) return true;
    const stale = isOlder(pulled.sourceData, record.sourceData, shape);
    const baseline = withLandedIntent(pair.baseline.source, pulled.sourceData, pair.intent?.source);
    if (!stale && !isEcho(pulled.sourceData, baseline, bookkeeping)) return true;
    if (!stale)
      saves.push({
        recordId: record.id,
        expectedRevision: pair.revision,
        pair: { ...pair, baseline: { ...pair.baseline, source: pulled.sourceData } },
        source: pulled,
        runId: run.runId,
        at,
      });
    return false;
  });
  const saved = new Set(saves.length > 0 ? await run.store.records.savePairs(run.tenantId, saves) : []);
  // A pair saved meanwhile by someone else goes the one-way path: its change is not lost.
  const unsaved = new Set(saves.filter((save) => !saved.has(save.recordId)).map((save) => save.recordId));
  const again = page.filter((pulled) => unsaved.has(known.get(pulled.sourceId)?.id ?? ''));
  return { changes: [...changes, ...again], quiet: page.length - changes.length - again.length };
}

/**
 * Pairs whose forward push just created, recovered or linked their destination record: their baselines are
 * both sides as the push left them, so that only later changes travel.
 */
export async function storePushedPairs(
  run: PushRun,
  pushed: ReadonlyMap<
    string,
    { record: SyncRecord; ref: DestinationRef; status: PairState['settledStatus'] }
  >,
): Promise<void> {
  if (pushed.size === 0) return;
  const at = run.clock();
  await run.store.records.savePairs(
    run.tenantId,
    [...pushed.values()].map(({ record, ref, status }) => ({
      recordId: record.id,
      expectedRevision: record.pair?.revision ?? null,
      pair: {
        ...emptyPairState(status),
        revision: record.pair?.revision ?? 0,
        baseline: { source: record.sourceData, destination: ref.fields },
      },
      runId: run.runId,
      at,
    })),
  );
}

interface FailedMapping {
  nodeId: string;
  kind: Failure['kind'];
  message: string;
}

/** A record's mapping by one direction: its fields, or why it has none. */
export type Mapped = { fields: PairFields } | { skipped: string } | { failed: FailedMapping };

/** Runs a direction's transforms over items; `traced` counts them in the run's traces (once per record). */
async function mapAll(
  run: PairRun,
  stages: PlanStage[],
  items: FlowItem[],
  traced: boolean,
): Promise<Map<string, Mapped>> {
  const mapped = new Map<string, Mapped>();
  if (items.length === 0) return mapped;
  const { items: reached } = await transform(
    stages,
    items,
    run.contextOf,
    ({ stage, input, result, durationMs }) => {
      for (const { item, reason } of result.skipped) mapped.set(item.recordId, { skipped: reason });
      for (const { item, kind, message } of result.failed)
        mapped.set(item.recordId, { failed: { nodeId: stage.nodeId, kind, message } });
      if (traced)
        run.traces.add(stage.nodeId, {
          in: input.length,
          out: result.out.length,
          skipped: result.skipped.length,
          failed: result.failed.length,
          durationMs,
        });
    },
  );
  for (const item of reached) mapped.set(item.recordId, { fields: item.fields });
  return mapped;
}

/**
 * Why a pair cannot be synced this run, from its mappings by each direction, now and as of the last sync;
 * undefined when it can. A failure is transient or not by its kind (a lookup that met a 503 is tried again, a
 * value that cannot map is not). A mapping as of the last sync that failed for a while (a lookup the system
 * did not answer) would make every mapped field look changed, so the pair waits for its next attempt instead
 * — but not on its last attempt (nor when it fails for good, the old data no longer mapping): the pair then
 * goes by its fields as they are now, rather than never syncing again.
 */
export function mappingFailureOf(
  recordId: string,
  mappings: { now: Map<string, Mapped>[]; before: Map<string, Mapped>[] },
  { lastAttempt }: { lastAttempt: boolean },
): { nodeId: string; failure: Failure } | undefined {
  const failed = (mapped: Map<string, Mapped>) => {
    const entry = mapped.get(recordId);
    return entry && 'failed' in entry ? entry.failed : undefined;
  };
  const found =
    mappings.now.map(failed).find(Boolean) ??
    (lastAttempt
      ? undefined
      : mappings.before.map(failed).find((failure) => failure !== undefined && isTransient(failure.kind)));
  return found && { nodeId: found.nodeId, failure: failureOf(found.kind, found.message) };
}

const fieldsOf = (mapped: Mapped | undefined): PairFields | null =>
  mapped && 'fields' in mapped ? mapped.fields : null;

/** One pair's planned writes, before they are sent. */
interface PairWork {
  record: SyncRecord;
  pair: PairState;
  sourceNow: PairFields;
  destinationNow: PairFields | null;
  sourceBase: PairFields;
  destinationBase: PairFields;
  toDestination: PairFields;
  toSource: PairFields;
  held: HeldConflict[];
  decided: HeldConflict[];
  settled: ReturnType<typeof reconcile>['settled'];
}

/**
 * Two-way sync of a batch of linked pairs: both directions map both sides now and as of the last sync, the
 * differences travel (a conflict on a field written both ways goes by its policy or is held for a person),
 * the writes are stored as intents, sent, and each pair's ledger is saved with the baselines its writes left.
 */
export async function syncPairs(run: PairRun, plan: TwoWayPlan, batch: SyncRecord[]): Promise<void> {
  const started = performance.now();
  const bases = new Map(batch.map((record) => [record.id, baselinesOf(record)]));
  const sourceItem = (record: SyncRecord, source: PairFields): FlowItem => ({
    recordId: record.id,
    sourceId: record.sourceId,
    source,
    operation: 'update',
    destinationId: record.destinationId,
    fields: {},
  });
  const backItem = (record: SyncRecord, destination: PairFields): FlowItem => ({
    recordId: record.id,
    sourceId: record.destinationId!,
    source: destination,
    operation: 'update',
    destinationId: record.sourceId,
    fields: {},
  });
  const withDestination = batch.filter((record) => record.pair?.counterpart);
  const [forwardNow, forwardBefore, reverseNow, reverseBefore] = [
    await mapAll(
      run,
      plan.forward,
      batch.map((r) => sourceItem(r, r.sourceData)),
      true,
    ),
    await mapAll(
      run,
      plan.forward,
      batch.map((r) => sourceItem(r, bases.get(r.id)!.source)),
      false,
    ),
    await mapAll(
      run,
      plan.reverse,
      withDestination.map((r) => backItem(r, r.pair!.counterpart!.data)),
      true,
    ),
    await mapAll(
      run,
      plan.reverse,
      withDestination.map((r) => backItem(r, bases.get(r.id)!.destination)),
      false,
    ),
  ];

  const failed: FailedRecord[] = [];
  const fail = (record: SyncRecord, failure: Failure, nodeId: string) => {
    const at = run.clock();
    const next = afterFailure(failure, record.attempts + 1, { now: at, ...run.options });
    failed.push({
      recordId: record.id,
      runId: run.runId,
      error: next.message,
      nextAttemptAt: next.nextAttemptAt,
      at,
    });
    run.exception({
      phase: 'push',
      kind: failure.kind,
      message: next.message,
      httpStatus: failure.httpStatus,
      responseSnippet: failure.responseSnippet,
      nodeId,
      recordId: record.id,
    });
  };

  const work: PairWork[] = [];
  for (const record of batch) {
    const mappingFailure = mappingFailureOf(
      record.id,
      { now: [forwardNow, reverseNow], before: [forwardBefore, reverseBefore] },
      { lastAttempt: record.attempts + 1 >= run.options.maxAttempts },
    );
    if (mappingFailure) {
      fail(record, mappingFailure.failure, mappingFailure.nodeId);
      continue;
    }
    const pair = pairOf(record);
    const base = bases.get(record.id)!;
    const destinationNow = pair.counterpart?.data ?? null;
    const change = (now: Mapped | undefined, before: Mapped | undefined): MappedChange | null => {
      const fields = fieldsOf(now);
      return fields ? { now: fields, before: fieldsOf(before) ?? {} } : null;
    };
    const shape = run.shapes;
    // An older version of the source arriving late says nothing new.
    const sourceStale = isOlder(record.sourceData, base.source, shape.source);
    const reconciled = reconcile({
      forward: sourceStale ? null : change(forwardNow.get(record.id), forwardBefore.get(record.id)),
      reverse: destinationNow ? change(reverseNow.get(record.id), reverseBefore.get(record.id)) : null,
      sourceNow: record.sourceData,
      destinationNow,
      changed: {
        source: new Set(changedFields(record.sourceData, base.source, bookkeepingOf(shape.source))),
        destination: new Set(
          destinationNow
            ? changedFields(destinationNow, base.destination, bookkeepingOf(shape.destination))
            : [],
        ),
      },
      twoWayFields: plan.fields,
      held: pair.held,
      changedAt: {
        source: instantOf(getPath(record.sourceData, shape.source.updatedField)),
        destination: destinationNow && instantOf(getPath(destinationNow, shape.destination.updatedField)),
      },
      at: run.clock().toISOString(),
    });
    work.push({
      record,
      pair,
      sourceNow: record.sourceData,
      destinationNow,
      sourceBase: base.source,
      destinationBase: base.destination,
      ...reconciled,
      decided: pair.held.filter((conflict) => conflict.decision !== null),
    });
  }

  // The writes about to be sent, stored first: after a crash, the next run tells a landed write from a lost one.
  const writing = work.filter((w) => hasWrites(w));
  const intentAt = run.clock();
  const intents = new Set(
    await run.store.records.savePairs(
      run.tenantId,
      writing.map((w) => ({
        recordId: w.record.id,
        expectedRevision: w.record.pair?.revision ?? null,
        pair: {
          ...w.pair,
          intent: { source: w.toSource, destination: w.toDestination, at: intentAt.toISOString() },
        },
        runId: run.runId,
        at: intentAt,
      })),
    ),
  );
  const revisionOf = (w: PairWork) =>
    intents.has(w.record.id) ? (w.record.pair?.revision ?? -1) + 1 : (w.record.pair?.revision ?? null);

  const forwardConfig = plan.forwardDestination.config as DestinationConfig;
  const backConfig = plan.reverseDestination.config as DestinationConfig & { project?: string };
  const [toDestinationSystem, toSourceSystem] = await Promise.all([
    run.connectors.get(forwardConfig.connectionId),
    run.connectors.get(backConfig.connectionId),
  ]);
  const saves: PairSave[] = [];
  const trace = { forward: { in: 0, out: 0, failed: 0 }, reverse: { in: 0, out: 0, failed: 0 } };

  const syncOne = async (w: PairWork) => {
    const { record } = w;
    // Someone decided a conflict of this pair meanwhile: the next run syncs it with the decision.
    if (hasWrites(w) && !intents.has(record.id)) return;
    // Aborted while it waited for its turn: nothing was sent, the pair waits as it was.
    if (run.signal.aborted) return;
    let wroteDestination = false;
    let wroteSource = false;
    let failure: { failure: Failure; nodeId: string } | null = null;
    // A write cut short by an abort may or may not have landed: the pair keeps its intent, which the next run
    // reads to tell which (as after a crash); nothing about it is stored or counted as failed now.
    const cutShort = () => run.signal.aborted;
    if (Object.keys(w.toDestination).length > 0) {
      trace.forward.in += 1;
      try {
        await toDestinationSystem.update(
          forwardConfig.object,
          record.destinationId!,
          w.toDestination,
          run.signal,
        );
        wroteDestination = true;
        trace.forward.out += 1;
      } catch (error) {
        if (cutShort()) return;
        trace.forward.failed += 1;
        failure = { failure: classify(error), nodeId: plan.forwardDestination.nodeId };
      }
    }
    if (Object.keys(w.toSource).length > 0) {
      trace.reverse.in += 1;
      try {
        await toSourceSystem.update(
          backConfig.object,
          record.sourceId,
          w.toSource,
          run.signal,
          backConfig.project === undefined ? undefined : { project: backConfig.project },
        );
        wroteSource = true;
        trace.reverse.out += 1;
      } catch (error) {
        if (cutShort()) return;
        trace.reverse.failed += 1;
        failure ??= { failure: classify(error), nodeId: plan.reverseDestination.nodeId };
      }
    }
    // A side's change is taken in once the other side has it; iSync's writes are part of what each side is now.
    const destinationSent = Object.keys(w.toDestination).length === 0 || wroteDestination;
    const sourceSent = Object.keys(w.toSource).length === 0 || wroteSource;
    const baseline = {
      source: { ...(destinationSent ? w.sourceNow : w.sourceBase), ...(wroteSource ? w.toSource : {}) },
      destination: w.destinationNow
        ? {
            ...(sourceSent ? w.destinationNow : w.destinationBase),
            ...(wroteDestination ? w.toDestination : {}),
          }
        : { ...w.destinationBase, ...(wroteDestination ? w.toDestination : {}) },
    };
    // A decision whose write failed stays, to be written at the next attempt.
    const undelivered = w.decided.filter((conflict) =>
      conflict.decision === 'source' ? !destinationSent : !sourceSent,
    );
    const held = [...w.held, ...undelivered];
    const wrote = wroteDestination || wroteSource;
    const settledStatus = wrote ? 'updated' : w.pair.settledStatus;
    const pair: PairState = { ...w.pair, baseline, intent: null, held, settledStatus };
    if (failure) {
      fail(record, failure.failure, failure.nodeId);
      saves.push({
        recordId: record.id,
        expectedRevision: revisionOf(w),
        pair,
        runId: run.runId,
        at: run.clock(),
      });
      return;
    }
    const waitingFor = held.filter((conflict) => conflict.decision === null);
    for (const conflict of waitingFor)
      run.exception({
        phase: 'push',
        kind: 'conflict',
        message: conflictMessage(conflict),
        httpStatus: null,
        responseSnippet: null,
        nodeId: plan.forwardDestination.nodeId,
        recordId: record.id,
      });
    if (wrote) run.counts.updated += 1;
    saves.push({
      recordId: record.id,
      expectedRevision: revisionOf(w),
      pair,
      status: waitingFor.length > 0 ? 'failed' : settledStatus,
      ...(waitingFor.length > 0 && { error: waitingFor.map(conflictMessage).join(' ') }),
      detail: {
        wrote: {
          ...(wroteDestination && { destination: w.toDestination }),
          ...(wroteSource && { source: w.toSource }),
        },
        ...(w.settled.length > 0 && { conflicts: w.settled }),
        ...(!wrote && waitingFor.length === 0 && { nothingToWrite: true }),
      },
      wrote,
      runId: run.runId,
      at: run.clock(),
    });
  };

  try {
    await run.writes.map(work, syncOne);
  } finally {
    // A crash after this and before the saves finds the conflicts again; the inbox counts them once.
    await run.flushExceptions();
    const saved = new Set(await run.store.records.savePairs(run.tenantId, saves));
    await run.store.records.markFailedMany(run.tenantId, failed);
    const through = saves.filter(
      (save) => saved.has(save.recordId) && save.status !== undefined && save.status !== 'failed',
    );
    await run.store.exceptions.resolveForRecords(
      run.tenantId,
      through.map((save) => save.recordId),
      run.runId,
      run.clock(),
    );
  }
  run.counts.failed += failed.length;
  const durationMs = performance.now() - started;
  run.traces.add(plan.forwardDestination.nodeId, { ...trace.forward, durationMs });
  run.traces.add(plan.reverseDestination.nodeId, { ...trace.reverse, durationMs });
}

const hasWrites = (w: Pick<PairWork, 'toDestination' | 'toSource'>) =>
  Object.keys(w.toDestination).length > 0 || Object.keys(w.toSource).length > 0;

const shown = (value: unknown) => (typeof value === 'string' ? `"${value}"` : JSON.stringify(value ?? null));

export const conflictMessage = (conflict: HeldConflict): string =>
  `Both sides changed it since the last sync: the source's ${conflict.sourceField} is ${shown(conflict.sourceValue)} ` +
  `and the destination's ${conflict.destinationField} is ${shown(conflict.destinationValue)}. It is held for review: ` +
  `choose which value to keep, and the next run writes it to the other side.`;

/** Each side's baseline, with the writes of an interrupted run that are there now taken as iSync's own. */
function baselinesOf(record: SyncRecord): { source: PairFields; destination: PairFields } {
  const pair = pairOf(record);
  const destinationNow = pair.counterpart?.data ?? null;
  return {
    source: withLandedIntent(
      pair.baseline.source ?? record.sourceData,
      record.sourceData,
      pair.intent?.source,
    ),
    destination: withLandedIntent(
      pair.baseline.destination ?? destinationNow ?? {},
      destinationNow,
      pair.intent?.destination,
    ),
  };
}

const bookkeepingOf = (shape: SourceRecordShape) =>
  new Set([...shape.volatileFields, shape.updatedField, ...(shape.bookkeepingFields ?? [])]);

function changedFields(now: PairFields, before: PairFields, bookkeeping: ReadonlySet<string>): string[] {
  return Object.keys({ ...now, ...before }).filter(
    (field) => !bookkeeping.has(field) && JSON.stringify(now[field]) !== JSON.stringify(before[field]),
  );
}

/** Whether `now` is an older version of the record than `known` (by its update counter, else its update time). */
function isOlder(now: PairFields, known: PairFields | undefined | null, shape: SourceRecordShape): boolean {
  if (!known) return false;
  if (shape.revisionField) {
    const [a, b] = [Number(now[shape.revisionField]), Number(known[shape.revisionField])];
    if (Number.isFinite(a) && Number.isFinite(b)) return a < b;
  }
  const [a, b] = [instantOf(getPath(now, shape.updatedField)), instantOf(getPath(known, shape.updatedField))];
  return a !== null && b !== null && a < b;
}
