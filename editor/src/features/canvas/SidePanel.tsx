import { Box, IconButton, Paper, TextField, Typography } from '@mui/material';
import Close from '@mui/icons-material/Close';
import type { Flow, FlowNode } from '@isync/core';
import { useConnectionsQuery, useDescribeConnectionQuery } from '../../api/connections';
import type { NodeType, Problem } from '../../api/types';
import { ConfigForm } from '../../components/config-form/ConfigForm';
import { flowDirections } from '../../components/directions';
import { stringOf } from '../../components/flow';
import { useObjects } from '../../components/useObjects';

interface Props {
  integrationId: string;
  flow: Flow;
  node: FlowNode;
  nodeType: NodeType | undefined;
  onChange: (node: FlowNode) => void;
  onClose: () => void;
  /** The node's compile problems, in words: each shown next to its field. */
  problems: Problem[];
}

/** The panel's width: it lies over the canvas, which keeps its size (the view makes room beside it). */
export const PANEL_WIDTH = 420;

/** The selected node's label and config, the form rendered from its node type. */
export function SidePanel({ integrationId, flow, node, nodeType, onChange, onClose, problems }: Props) {
  const { data: connections } = useConnectionsQuery();
  const connectionId = stringOf(node.data.config.connectionId);
  const described = useDescribeConnectionQuery(connectionId, { skip: connectionId === '' });
  const objects = useObjects(flow, node.id);
  return (
    <Paper
      elevation={6}
      component="aside"
      aria-label="Node settings"
      className="nowheel"
      sx={{
        position: 'absolute',
        top: 8,
        right: 8,
        bottom: 8,
        width: `min(${PANEL_WIDTH}px, 60%)`,
        maxWidth: PANEL_WIDTH,
        zIndex: 10,
        p: 2,
        overflowY: 'auto',
        overflowX: 'hidden',
      }}
    >
      <Box sx={{ display: 'flex', alignItems: 'center', mb: 2 }}>
        <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
          {nodeType?.label ?? node.type}
        </Typography>
        <IconButton aria-label="Close the node settings" onClick={onClose}>
          <Close />
        </IconButton>
      </Box>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <TextField
          label="Node label"
          value={node.data.label ?? ''}
          onChange={(e) => onChange({ ...node, data: { ...node.data, label: e.target.value } })}
        />
        {nodeType ? (
          <ConfigForm
            key={node.id}
            nodeType={nodeType}
            config={node.data.config}
            problems={problems}
            onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
            context={{
              connections: connections?.items ?? [],
              objects: described.data?.objects ?? [],
              projects: described.data?.projects ?? [],
              source: objects.source,
              destination: objects.destination,
              integrationId,
              way: flowDirections(flow).of(node.id)?.way,
            }}
          />
        ) : (
          <Typography color="error">Unknown node type {node.type}.</Typography>
        )}
      </Box>
    </Paper>
  );
}
