import { Box, Paper, TextField, Typography } from '@mui/material';
import type { Flow, FlowNode } from '@isync/core';
import { useConnectionsQuery, useDescribeConnectionQuery } from '../../api/connections';
import type { NodeType } from '../../api/types';
import { ConfigForm } from '../../components/config-form/ConfigForm';
import { stringOf } from '../../components/flow';
import { useObjects } from '../../components/useObjects';

interface Props {
  integrationId: string;
  flow: Flow;
  node: FlowNode;
  nodeType: NodeType | undefined;
  onChange: (node: FlowNode) => void;
}

/** The selected node's label and config, the form rendered from its node type. */
export function SidePanel({ integrationId, flow, node, nodeType, onChange }: Props) {
  const { data: connections } = useConnectionsQuery();
  const connectionId = stringOf(node.data.config.connectionId);
  const described = useDescribeConnectionQuery(connectionId, { skip: connectionId === '' });
  const objects = useObjects(flow);
  return (
    <Paper
      variant="outlined"
      component="aside"
      aria-label="Node settings"
      sx={{ width: 420, flexShrink: 0, p: 2, overflow: 'auto' }}
    >
      <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
        {nodeType?.label ?? node.type}
      </Typography>
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
            onChange={(config) => onChange({ ...node, data: { ...node.data, config } })}
            context={{
              connections: connections?.items ?? [],
              objects: described.data?.objects ?? [],
              projects: described.data?.projects ?? [],
              source: objects.source,
              destination: objects.destination,
              integrationId,
            }}
          />
        ) : (
          <Typography color="error">Unknown node type {node.type}.</Typography>
        )}
      </Box>
    </Paper>
  );
}
