import { Typography } from '@mui/material';
import type { Flow } from '@isync/core';
import type { Edge } from '@xyflow/react';
import type { NodeTrace } from '../../api/types';
import { FlowDiagram } from '../../components/flow-diagram/FlowDiagram';
import type { CardNode } from '../../components/flow-diagram/NodeCard';
import { formatDuration } from '../../components/format';
import { useDirectionBadges } from '../canvas/useDirectionBadges';

const INPUTLESS = new Set(['source']);
const OUTPUTLESS = new Set(['destination']);

function Figures({ trace, running }: { trace: NodeTrace | undefined; running: boolean }) {
  if (!trace) return <Typography variant="caption">{running ? 'not reached yet' : 'not run'}</Typography>;
  return (
    <Typography variant="caption" component="div" data-testid="trace-counts">
      in {trace.in} · out {trace.out} · skipped {trace.skipped} · failed {trace.failed}
      <br />
      {formatDuration(trace.durationMs)}
    </Typography>
  );
}

/** The flow as it ran: each node with its counts and timing, each edge with the items it carried. */
export function TraceDiagram({
  flow,
  traces,
  running = false,
  onSelect,
}: {
  flow: Flow;
  traces: NodeTrace[];
  /** The run is still going: its figures are so far, and a node without any has not been reached yet. */
  running?: boolean;
  onSelect: (nodeId: string) => void;
}) {
  const traceOf = (id: string) => traces.find((t) => t.nodeId === id);
  const directions = useDirectionBadges(flow);
  const nodes: CardNode[] = flow.nodes.map((node) => ({
    id: node.id,
    type: 'card',
    position: node.position,
    data: {
      label: node.data.label ?? node.type,
      type: node.type,
      hasIn: !INPUTLESS.has(node.type),
      hasOut: !OUTPUTLESS.has(node.type),
      body: <Figures trace={traceOf(node.id)} running={running} />,
      direction: directions.get(node.id),
    },
  }));
  const edges: Edge[] = flow.edges.map((edge) => {
    const out = traceOf(edge.source)?.out;
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      label: out === undefined ? undefined : String(out),
      labelBgPadding: [4, 2] as [number, number],
      'aria-label': out === undefined ? undefined : `${out} items`,
      animated: running,
    };
  });
  return <FlowDiagram nodes={nodes} edges={edges} onNodeClick={onSelect} />;
}
