import type { Flow } from '@isync/core';
import { useMemo } from 'react';
import { useConnectionsQuery } from '../../api/connections';
import { directionBadges, type CategoryOf } from '../../components/directions';
import { systemNameOf } from '../connections/system-name';

/** The direction badges of a flow's sources, the systems named from the tenant's connections. */
export function useDirectionBadges(flow: Flow, categoryOf?: CategoryOf) {
  const { data: connections } = useConnectionsQuery();
  return useMemo(
    () => directionBadges(flow, (id) => systemNameOf(connections?.items, id), categoryOf),
    [flow, connections, categoryOf],
  );
}
