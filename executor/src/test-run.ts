import {
  canonicalJson,
  type DestinationOutcome,
  type NodeStep,
  type TestRunNodeCount,
  type TestRunResult,
  type IntegrationId,
  type Keyring,
  type Logger,
  type PlanStage,
  type Store,
  type TenantId,
} from '@isync/core';
import {
  classify,
  createSandbox,
  decideMatches,
  matchKeys,
  planExpressions,
  pullPages,
  type Connector,
  type ConnectorInput,
  type ConnectorProvider,
  type DestinationConfig,
  type FlowItem,
  type RuntimeContext,
  type Sandbox,
  type SourceConfig,
} from '@isync/nodes';
import { runConnectors } from './connectors.js';
import { toPulledRecord } from './engine/pulled-record.js';
import { transform } from './engine/transform.js';

/*
 * A test run shows what a flow would do with live records, and does nothing: it reads from the source, runs
 * the transforms (lookups read), and asks the destination for the records an update would change; it never
 * writes to a system (every connector it uses refuses writes), to the ledger, or to the cursor.
 */

export interface TestRunRequest {
  tenantId: TenantId;
  integrationId: IntegrationId;
  /** The plan to try: the compiled draft, or a published version. */
  stages: PlanStage[];
  /** Records to read from the source (at most 50). */
  limit: number;
  /** Only these source records (read from the source, within the first pages it answers). */
  sourceIds?: string[] | undefined;
  signal?: AbortSignal;
}

export interface TestRunDependencies {
  store: Store;
  keyring: Keyring;
  logger: Logger;
  connectorHttp?: ConnectorInput['http'];
}

/** A read-only view of a run's connectors: a test run that tried to write would be a bug, and says so. */
function readOnly(provider: ConnectorProvider): ConnectorProvider {
  const refuse = (what: string) => () =>
    Promise.reject(new Error(`A test run never writes: it tried to ${what} a destination record.`));
  return {
    async get(connectionId) {
      const connector = await provider.get(connectionId);
      const refusals: Partial<Connector> = { create: refuse('create'), update: refuse('update') };
      return new Proxy(connector, {
        get(target, property) {
          if (property in refusals) return refusals[property as keyof Connector];
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function'
            ? (value as (...args: unknown[]) => unknown).bind(target)
            : value;
        },
      });
    },
  };
}

const SCAN_LIMIT = 2000;

/** Reads the records to try: the first `limit`, or the asked-for ones among the first pages. */
async function readSource(
  stage: PlanStage,
  connectors: ConnectorProvider,
  request: TestRunRequest,
  signal: AbortSignal,
): Promise<{ items: FlowItem[]; notFound: string[] }> {
  const config = stage.config as SourceConfig;
  const connector = await connectors.get(config.connectionId);
  const shape = connector.recordShape(config.object);
  const wanted = request.sourceIds ? new Set(request.sourceIds) : null;
  const read: FlowItem[] = [];
  let scanned = 0;
  outer: for await (const page of pullPages(config, null, { connectors, signal })) {
    for (const raw of page.records) {
      scanned += 1;
      const pulled = toPulledRecord(raw, shape);
      if (wanted && !wanted.has(pulled.sourceId)) continue;
      read.push({
        recordId: `test:${pulled.sourceId}`,
        sourceId: pulled.sourceId,
        source: pulled.sourceData,
        operation: 'create',
        destinationId: null,
        fields: {},
      });
      wanted?.delete(pulled.sourceId);
      if (read.length >= request.limit || wanted?.size === 0) break outer;
    }
    if (scanned >= SCAN_LIMIT) break;
  }
  return { items: read, notFound: wanted ? [...wanted] : [] };
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/** Runs a plan over live source records without writing anything, and says what each record would become. */
export async function testRun(deps: TestRunDependencies, request: TestRunRequest): Promise<TestRunResult> {
  const { store, logger } = deps;
  const signal = request.signal ?? new AbortController().signal;
  const live = runConnectors({
    store,
    keyring: deps.keyring,
    tenantId: request.tenantId,
    logger,
    ...(deps.connectorHttp && { http: deps.connectorHttp }),
  });
  const connectors = readOnly(live);
  // A two-way flow is tried in its forward direction: the way back only updates what that one linked.
  const stages = request.stages.filter((stage) => stage.direction !== 'reverse');
  const expressions = planExpressions({ stages });
  let sandbox: Sandbox | null = null;
  try {
    if (Object.keys(expressions).length > 0) sandbox = createSandbox({ expressions, logger });
    const sourceStage = stages.find((s) => s.type === 'source');
    if (!sourceStage) throw new Error('The flow has no source node.');
    const { items, notFound } = await readSource(sourceStage, connectors, request, signal);

    // What the ledger knows: records already in the destination are updates.
    for (const item of items) {
      const known = await store.records.getBySourceId(request.tenantId, request.integrationId, item.sourceId);
      if (known?.destinationId)
        Object.assign(item, { operation: 'update', destinationId: known.destinationId });
    }

    const steps = new Map<string, NodeStep[]>(items.map((item) => [item.recordId, []]));
    const outcomes = new Map<string, DestinationOutcome>();
    const counts: TestRunNodeCount[] = [
      { nodeId: sourceStage.nodeId, in: 0, out: items.length, skipped: 0, failed: 0 },
    ];
    const context = (stage: PlanStage): RuntimeContext => ({
      nodeId: stage.nodeId,
      runId: null,
      logger,
      sandbox,
      connectors,
      runCache: new Map(),
      signal,
    });
    const { destination, items: arriving } = await transform(
      stages,
      items,
      context,
      ({ stage, input, result }) => {
        counts.push({
          nodeId: stage.nodeId,
          in: input.length,
          out: result.out.length,
          skipped: result.skipped.length,
          failed: result.failed.length,
        });
        for (const item of result.out)
          steps.get(item.recordId)!.push({
            nodeId: stage.nodeId,
            label: stage.label,
            outcome: 'passed',
            fields: item.fields,
          });
        for (const { item, reason } of result.skipped) {
          steps
            .get(item.recordId)!
            .push({ nodeId: stage.nodeId, label: stage.label, outcome: 'skipped', reason });
          outcomes.set(item.recordId, { kind: 'skip', nodeId: stage.nodeId, reason });
        }
        for (const { item, message } of result.failed) {
          steps.get(item.recordId)!.push({
            nodeId: stage.nodeId,
            label: stage.label,
            outcome: 'failed',
            reason: message,
          });
          outcomes.set(item.recordId, { kind: 'fail', nodeId: stage.nodeId, message });
        }
      },
    );
    if (destination) {
      const decided = await destinationOutcomes(destination, arriving, connectors, sandbox);
      for (const [recordId, outcome] of decided) outcomes.set(recordId, outcome);
      counts.push({
        nodeId: destination.nodeId,
        in: arriving.length,
        out: [...decided.values()].filter((o) => o.kind !== 'skip' && o.kind !== 'fail').length,
        skipped: [...decided.values()].filter((o) => o.kind === 'skip').length,
        failed: [...decided.values()].filter((o) => o.kind === 'fail').length,
      });
    }
    return {
      records: items.map((item) => ({
        sourceId: item.sourceId,
        source: item.source,
        known: item.operation === 'update',
        steps: steps.get(item.recordId)!,
        outcome: outcomes.get(item.recordId) ?? {
          kind: 'skip',
          nodeId: sourceStage.nodeId,
          reason: 'no node after the source let it through',
        },
      })),
      nodes: counts,
      notFound,
    };
  } finally {
    await sandbox?.close();
    await live.close();
  }
}

/**
 * What the destination node would do with each arriving item, asking the destination (reads only): the body
 * a create would send, the record a "match existing records by" key would link, or the fields an update would
 * change on the record as it is now.
 */
async function destinationOutcomes(
  stage: PlanStage,
  items: FlowItem[],
  connectors: ConnectorProvider,
  sandbox: Sandbox | null,
): Promise<Map<string, DestinationOutcome>> {
  const config = stage.config as DestinationConfig;
  const connector = await connectors.get(config.connectionId);
  const outcomes = new Map<string, DestinationOutcome>();
  const fail = (item: FlowItem, error: unknown) =>
    outcomes.set(item.recordId, {
      kind: 'fail',
      nodeId: stage.nodeId,
      message: classify(error).message,
    });

  const creates = items.filter((item) => item.operation === 'create');
  const updates = items.filter((item) => item.operation !== 'create');
  for (const item of config.operations === 'update-only' ? creates : [])
    outcomes.set(item.recordId, {
      kind: 'skip',
      nodeId: stage.nodeId,
      reason: 'the destination node only updates records it did not create',
    });
  for (const item of config.operations === 'create-only' ? updates : [])
    outcomes.set(item.recordId, {
      kind: 'skip',
      nodeId: stage.nodeId,
      reason: 'the destination node only creates records',
    });

  const toCreate = config.operations === 'update-only' ? [] : creates;
  if (config.matchExisting && toCreate.length > 0) {
    const keys = await matchKeys(toCreate, config.matchExisting, { nodeId: stage.nodeId, sandbox });
    const values = keys.flatMap((key) => (key.ok && key.value !== null ? [key.value] : []));
    try {
      const found =
        values.length > 0
          ? await connector.findMany(config.object, config.matchExisting.field, values)
          : new Map();
      const field = config.matchExisting.field;
      const keyed = toCreate.flatMap((item, index) => {
        const key = keys[index]!;
        if (!key.ok)
          outcomes.set(item.recordId, { kind: 'fail', nodeId: stage.nodeId, message: key.message });
        return key.ok && key.value !== null ? [{ item, value: key.value }] : [];
      });
      // As the run decides: one destination record is never linked, nor one key created, twice.
      const decisions = decideMatches(
        keyed.map(({ item, value }) => ({ sourceId: item.sourceId, value })),
        found,
        field,
      );
      keyed.forEach(({ item, value }, index) => {
        const decision = decisions[index]!;
        if (decision.kind === 'link')
          outcomes.set(item.recordId, {
            kind: 'link',
            destinationId: decision.ref.id,
            match: { field, value },
          });
        if (decision.kind === 'refuse')
          outcomes.set(item.recordId, { kind: 'fail', nodeId: stage.nodeId, message: decision.message });
      });
    } catch (error) {
      for (const item of toCreate) fail(item, error);
    }
  }
  for (const item of toCreate) {
    if (outcomes.has(item.recordId)) continue;
    const body = config.correlationField
      ? { ...item.fields, [config.correlationField]: item.sourceId }
      : item.fields;
    outcomes.set(item.recordId, { kind: 'create', body });
  }

  for (const item of config.operations === 'create-only' ? [] : updates) {
    try {
      const current = config.correlationField
        ? await connector.findByCorrelation(config.object, config.correlationField, item.sourceId)
        : null;
      const fields = current?.fields ?? {};
      outcomes.set(item.recordId, {
        kind: 'update',
        destinationId: current?.id ?? item.destinationId!,
        body: item.fields,
        diff: Object.entries(item.fields).map(([field, next]) => ({
          field,
          current: fields[field] ?? null,
          next,
          changed: !same(fields[field], next),
        })),
      });
    } catch (error) {
      fail(item, error);
    }
  }
  return outcomes;
}
