import type { Connector, DestinationRef } from '../connectors/connector.js';
import type { FlowItem } from '../definition.js';
import { HttpError } from '../http/index.js';
import type { DestinationConfig } from './definition.js';

/** The key a record was linked by: the destination field and the source value it equals. */
export interface LinkKey {
  field: string;
  value: string;
}

/** An existing destination record found by the item's "match existing records by" key. */
export interface LinkCandidate extends LinkKey {
  ref: DestinationRef;
}

export type PushOutcome =
  /** `sent` is the body written: exactly the mapped fields, plus the correlation field on a create. */
  | { outcome: 'created' | 'updated'; ref: DestinationRef; sent: Record<string, unknown> }
  /**
   * A create sent by an earlier attempt (a run killed, an answer lost) had landed: correlation found it, and
   * it was updated with the mapped fields instead of created twice.
   */
  | { outcome: 'recovered'; ref: DestinationRef; sent: Record<string, unknown> }
  /** An existing record was linked; `sent` is what was written on it (its correlation field), if anything. */
  | { outcome: 'linked'; ref: DestinationRef; key: LinkKey; sent: Record<string, unknown> | null }
  | { outcome: 'skipped'; reason: string }
  /**
   * The record it updates is gone from the destination and nothing there carries its correlation key: it
   * must be created anew, with the create mapping (the item holds the update mapping's fields, which may
   * lack what a create needs). Nothing was written.
   */
  | { outcome: 'vanished' };

/** What the push needs from the record store, so a create is never made twice. */
export interface PushIntent {
  /** A create was started for this record before (and may have reached the destination). */
  started: boolean;
  /** Persists that a create is about to be sent; called before every create. */
  record(): Promise<void>;
}

export interface PushRequest {
  connector: Connector;
  intent: PushIntent;
  signal?: AbortSignal | undefined;
  /** The destination record the item's "match existing records by" key found, if any: linked, not created. */
  candidate?: LinkCandidate | null | undefined;
}

/**
 * A write iSync will not make, whatever the retries: the flow or the data must change first. The message
 * says what to change.
 */
export class PushRefused extends Error {
  constructor(
    readonly kind: 'mapping' | 'validation',
    message: string,
  ) {
    super(message);
    this.name = 'PushRefused';
  }
}

const isNotFound = (error: unknown) => error instanceof HttpError && error.status === 404;

const isUpdate = (item: FlowItem): item is FlowItem & { destinationId: string } =>
  item.operation !== 'create' && !!item.destinationId;

/**
 * Whether `pushItem` will create this item, and so records a push intent before it: a batch can write
 * these intents together, before sending any create. (An update whose target vanished may still create;
 * `pushItem` records its intent then.)
 */
export const needsPushIntent = (item: FlowItem, config: DestinationConfig): boolean =>
  !isUpdate(item) && config.operations !== 'update-only';

/** Whether the item is looked up by the node's "match existing records by" key before it is created. */
export const needsMatch = (item: FlowItem, config: DestinationConfig): boolean =>
  !isUpdate(item) && config.matchExisting !== null;

/**
 * The correlation field belongs to iSync: a mapping that sets it to anything but the source id (a plan
 * compiled before the compiler refused it) fails the record rather than being overwritten silently.
 */
function refuseMappedCorrelation(item: FlowItem, config: DestinationConfig): void {
  const field = config.correlationField;
  if (!field || !Object.prototype.hasOwnProperty.call(item.fields, field)) return;
  const mapped = item.fields[field];
  if (mapped === item.sourceId) return;
  throw new PushRefused(
    'mapping',
    `The flow maps "${field}" to ${JSON.stringify(mapped)}, but it is the destination node's correlation field: ` +
      `iSync writes the source id ${item.sourceId} there to find the record again after a crash. Remove the ` +
      `mapping of "${field}" (or change the correlation field on the destination node) and publish the flow again.`,
  );
}

/**
 * Links an existing destination record: writes iSync's correlation field on it (so a crash is recovered as
 * for a record iSync created), unless it already holds this record's source id. A record whose correlation
 * field holds another source id belongs to that record and is not taken over.
 */
async function link(
  item: FlowItem,
  config: DestinationConfig,
  candidate: LinkCandidate,
  connector: Connector,
  signal: AbortSignal | undefined,
): Promise<PushOutcome> {
  const { field, value, ref } = candidate;
  const key = { field, value };
  const correlation = config.correlationField;
  if (!correlation || correlation === field) return { outcome: 'linked', ref, key, sent: null };
  const held = ref.fields[correlation];
  const holds = held === undefined || held === null ? '' : String(held);
  if (holds === item.sourceId) return { outcome: 'linked', ref, key, sent: null };
  if (holds !== '') {
    throw new PushRefused(
      'validation',
      `${ref.number ?? ref.id} has ${field} "${value}" like this record, but its ${correlation} "${holds}" ` +
        `says it belongs to another source record, so it is not linked. Give the records distinct keys, or ` +
        `clear ${correlation} on ${ref.number ?? ref.id} to let iSync link it.`,
    );
  }
  const sent = { [correlation]: item.sourceId };
  return { outcome: 'linked', ref: await connector.update(config.object, ref.id, sent, signal), key, sent };
}

/**
 * Writes one item to the destination with at most one effect: a create is preceded by a persisted intent,
 * and a record whose earlier create may have landed is first looked up by its correlation key; a create
 * whose "match existing records by" key found a record links that record instead. An update whose target
 * vanished (404) is found again by correlation, or answered `vanished` for the caller to map and push it
 * again as a create. What is sent is exactly the mapped fields, plus the correlation field on a create.
 */
export async function pushItem(
  item: FlowItem,
  config: DestinationConfig,
  { connector, intent, signal, candidate }: PushRequest,
): Promise<PushOutcome> {
  refuseMappedCorrelation(item, config);
  const correlate = async (): Promise<DestinationRef | null> =>
    config.correlationField
      ? connector.findByCorrelation(config.object, config.correlationField, item.sourceId, signal)
      : null;
  const update = async (id: string, outcome: 'recovered' | 'updated'): Promise<PushOutcome> => ({
    outcome,
    ref: await connector.update(config.object, id, item.fields, signal),
    sent: item.fields,
  });

  const create = async (): Promise<PushOutcome> => {
    if (config.operations !== 'update-only' && intent.started) {
      const existing = await correlate();
      if (existing) return update(existing.id, 'recovered');
    }
    if (candidate) return link(item, config, candidate, connector, signal);
    if (config.operations === 'update-only') {
      return { outcome: 'skipped', reason: 'the destination node only updates records it did not create' };
    }
    await intent.record();
    const sent = config.correlationField
      ? { ...item.fields, [config.correlationField]: item.sourceId }
      : item.fields;
    return { outcome: 'created', ref: await connector.create(config.object, sent, signal), sent };
  };

  if (!isUpdate(item)) return create();
  if (config.operations === 'create-only') {
    return { outcome: 'skipped', reason: 'the destination node only creates records' };
  }
  try {
    return await update(item.destinationId, 'updated');
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const moved = await correlate();
    if (moved) return update(moved.id, 'updated');
    if (config.operations === 'update-only') {
      return {
        outcome: 'skipped',
        reason: 'its destination record was deleted and the destination node only updates',
      };
    }
    return { outcome: 'vanished' };
  }
}
