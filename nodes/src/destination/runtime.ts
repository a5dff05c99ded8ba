import type { Connector, DestinationRef } from '../connectors/connector.js';
import type { FlowItem } from '../definition.js';
import { HttpError } from '../http/index.js';
import type { DestinationConfig } from './definition.js';

export type PushOutcome =
  | { outcome: 'created' | 'updated'; ref: DestinationRef }
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

/**
 * Writes one item to the destination with at most one effect: a create is preceded by a persisted intent,
 * and a record whose earlier create may have landed is first looked up by its correlation key. An update
 * whose target vanished (404) is found again by correlation, or answered `vanished` for the caller to map
 * and push it again as a create.
 */
export async function pushItem(
  item: FlowItem,
  config: DestinationConfig,
  connector: Connector,
  intent: PushIntent,
  signal?: AbortSignal,
): Promise<PushOutcome> {
  const correlate = async (): Promise<DestinationRef | null> =>
    config.correlationField
      ? connector.findByCorrelation(config.object, config.correlationField, item.sourceId, signal)
      : null;

  const create = async (): Promise<PushOutcome> => {
    if (config.operations === 'update-only') {
      return { outcome: 'skipped', reason: 'the destination node only updates records it did not create' };
    }
    if (intent.started) {
      const existing = await correlate();
      if (existing) {
        return {
          outcome: 'created',
          ref: await connector.update(config.object, existing.id, item.fields, signal),
        };
      }
    }
    await intent.record();
    const fields = config.correlationField
      ? { ...item.fields, [config.correlationField]: item.sourceId }
      : item.fields;
    return { outcome: 'created', ref: await connector.create(config.object, fields, signal) };
  };

  if (!isUpdate(item)) return create();
  if (config.operations === 'create-only') {
    return { outcome: 'skipped', reason: 'the destination node only creates records' };
  }
  try {
    return {
      outcome: 'updated',
      ref: await connector.update(config.object, item.destinationId, item.fields, signal),
    };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const moved = await correlate();
    if (moved)
      return {
        outcome: 'updated',
        ref: await connector.update(config.object, moved.id, item.fields, signal),
      };
    if (config.operations === 'update-only') {
      return {
        outcome: 'skipped',
        reason: 'its destination record was deleted and the destination node only updates',
      };
    }
    return { outcome: 'vanished' };
  }
}
