import { Badge, Box, Paper, Typography } from '@mui/material';
import ErrorIcon from '@mui/icons-material/Error';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { ReactNode } from 'react';

export interface NodeCardData extends Record<string, unknown> {
  label: string;
  type: string;
  hasIn: boolean;
  hasOut: boolean;
  /** Compile problems pinned to this node (the canvas). */
  problems?: string[];
  /** The last test run's figures for this node (the canvas). */
  counts?: { in: number; out: number; skipped: number; failed: number } | undefined;
  /** Trace figures shown under the label (the run-trace viewer). */
  body?: ReactNode;
}

export type CardNode = Node<NodeCardData, 'card'>;

/** A flow node as both the canvas and the trace viewer draw it: label, type, ports, problems. */
export function NodeCard({ data, selected }: NodeProps<CardNode>) {
  const problems = data.problems ?? [];
  return (
    <Badge
      color="error"
      badgeContent={problems.length > 0 ? <ErrorIcon sx={{ fontSize: 14 }} aria-hidden /> : 0}
      invisible={problems.length === 0}
      overlap="rectangular"
    >
      <Paper
        variant="outlined"
        data-testid={`node-${data.type}`}
        title={problems.join('\n') || undefined}
        aria-label={`${data.label} (${data.type})${problems.length ? `: ${problems.length} problem(s)` : ''}`}
        sx={{
          minWidth: 170,
          maxWidth: 210,
          px: 1.5,
          py: 1,
          borderColor: problems.length ? 'error.main' : selected ? 'primary.main' : 'divider',
          borderWidth: problems.length || selected ? 2 : 1,
        }}
      >
        {data.hasIn ? <Handle type="target" position={Position.Left} /> : null}
        <Typography variant="subtitle2">{data.label}</Typography>
        <Typography variant="caption" color="text.secondary">
          {data.type}
        </Typography>
        {problems.length ? (
          <Typography
            variant="caption"
            color="error"
            component="div"
            role="note"
            sx={{ overflowWrap: 'anywhere' }}
          >
            {problems[0]}
          </Typography>
        ) : null}
        {data.counts ? (
          <Typography variant="caption" component="div" data-testid="test-counts" sx={{ fontWeight: 600 }}>
            Test: {data.counts.in} in → {data.counts.out} out
            {data.counts.skipped ? ` · ${data.counts.skipped} skipped` : ''}
            {data.counts.failed ? ` · ${data.counts.failed} failed` : ''}
          </Typography>
        ) : null}
        {data.body ? <Box sx={{ mt: 0.5 }}>{data.body}</Box> : null}
        {data.hasOut ? <Handle type="source" position={Position.Right} /> : null}
      </Paper>
    </Badge>
  );
}

export const NODE_TYPES = { card: NodeCard };
