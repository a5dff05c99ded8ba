import type { Flow } from '@isync/core';
import { useDescribeConnectionQuery } from '../api/connections';
import type { ObjectDescription } from '../api/types';
import { flowDirections } from './directions';
import { configOf, stringOf } from './flow';

function useObject(config: Record<string, unknown>): ObjectDescription | undefined {
  const connectionId = stringOf(config.connectionId);
  const { data } = useDescribeConnectionQuery(connectionId, { skip: connectionId === '' });
  const object = stringOf(config.object);
  return data?.objects.find((o) => o.name === object) ?? data?.objects[0];
}

/**
 * What the flow's source reads and destination writes, as their connections describe them (for pickers).
 * With `nodeId`, those of the node's own direction: on a two-way flow's way back, the source is the
 * forward destination's system and the destination the forward source's.
 */
export function useObjects(flow: Flow | undefined, nodeId?: string) {
  const direction = flow && nodeId ? flowDirections(flow).of(nodeId) : undefined;
  const source = direction?.source.data.config ?? configOf(flow, 'source');
  const destination = direction?.destination?.data.config ?? configOf(flow, 'destination');
  return { source: useObject(source), destination: useObject(destination) };
}
