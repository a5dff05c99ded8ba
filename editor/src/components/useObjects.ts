import type { Flow } from '@isync/core';
import { useDescribeConnectionQuery } from '../api/connections';
import type { ObjectDescription } from '../api/types';
import { configOf, stringOf } from './flow';

function useObject(flow: Flow | undefined, type: 'source' | 'destination'): ObjectDescription | undefined {
  const config = configOf(flow, type);
  const connectionId = stringOf(config.connectionId);
  const { data } = useDescribeConnectionQuery(connectionId, { skip: connectionId === '' });
  const object = stringOf(config.object);
  return data?.objects.find((o) => o.name === object) ?? data?.objects[0];
}

/** What the flow's source reads and destination writes, as their connections describe them (for pickers). */
export function useObjects(flow: Flow | undefined) {
  return { source: useObject(flow, 'source'), destination: useObject(flow, 'destination') };
}
