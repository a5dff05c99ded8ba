import { Badge, Box, Chip, IconButton, Paper, Typography } from '@mui/material';
import Close from '@mui/icons-material/Close';
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
  /** What the node type is, in words (e.g. "Filter"), shown under the label when it differs from it. */
  typeLabel?: string;
  /** The node's key facts (the filter's rule, the destination's table), on the canvas. */
  facts?: string;
  /** Offered on hover where the node may be removed (the canvas). */
  onRemove?: () => void;
  /** The last test run's figures for this node (the canvas). */
  counts?: { in: number; out: number; skipped: number; failed: number } | undefined;
  /** Trace figures shown under the label (the run-trace viewer). */
  body?: ReactNode;
  /** Two-way flows, on each source: which direction starts here ("→ Forward: PlanGrid → Nuvolo"). */
  direction?: { way: 'forward' | 'back'; label: string } | undefined;
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
        className="node-card"
        data-testid={`node-${data.type}`}
        title={problems.join('\n') || undefined}
        aria-label={`${data.label} (${data.type}${data.direction ? `, ${data.direction.label}` : ''})${problems.length ? `: ${problems.length} problem(s)` : ''}`}
        sx={{
          minWidth: 170,
          maxWidth: 230,
          px: 1.5,
          py: 1,
          borderColor: problems.length ? 'error.main' : selected ? 'primary.main' : 'divider',
          borderWidth: problems.length || selected ? 2 : 1,
          position: 'relative',
          '& .node-remove': { opacity: 0 },
          '&:hover .node-remove, &:focus-within .node-remove': { opacity: 1 },
        }}
      >
        {data.hasIn ? <Handle type="target" position={Position.Left} /> : null}
        {data.direction ? (
          <Chip
            size="small"
            data-testid="node-direction"
            color={data.direction.way === 'back' ? 'secondary' : 'primary'}
            variant={data.direction.way === 'back' ? 'outlined' : 'filled'}
            label={data.direction.label}
            sx={{
              mb: 0.5,
              mr: data.onRemove ? 2.5 : 0,
              fontSize: 15,
              fontWeight: 600,
              maxWidth: '100%',
              height: 'auto',
              '& .MuiChip-label': { whiteSpace: 'normal', py: 0.25 },
            }}
          />
        ) : null}
        {data.onRemove ? (
          <IconButton
            className="node-remove nodrag"
            size="small"
            aria-label={`Remove ${data.label}`}
            onClick={(event) => {
              event.stopPropagation();
              data.onRemove?.();
            }}
            sx={{ position: 'absolute', top: 2, right: 2, p: 0.25 }}
          >
            <Close sx={{ fontSize: 16 }} />
          </IconButton>
        ) : null}
        <Typography sx={{ fontSize: 19, fontWeight: 600, lineHeight: 1.3, pr: data.onRemove ? 2.5 : 0 }}>
          {data.label}
        </Typography>
        {(data.typeLabel ?? data.type) !== data.label ? (
          <Typography sx={{ fontSize: 17 }} color="text.secondary" component="div">
            {data.typeLabel ?? data.type}
          </Typography>
        ) : null}
        {data.facts ? (
          <Typography
            sx={{ fontSize: 17, overflowWrap: 'anywhere' }}
            component="div"
            data-testid="node-facts"
          >
            {data.facts}
          </Typography>
        ) : null}
        {problems.length ? (
          <Typography
            color="error"
            component="div"
            role="note"
            sx={{ fontSize: 17, overflowWrap: 'anywhere' }}
          >
            {problems[0]}
          </Typography>
        ) : null}
        {data.counts ? (
          <Typography component="div" data-testid="test-counts" sx={{ fontSize: 17, fontWeight: 600 }}>
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
