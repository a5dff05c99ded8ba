import '@xyflow/react/dist/style.css';
import { Box } from '@mui/material';
import { Background, Controls, ReactFlow, type Edge } from '@xyflow/react';
import { NODE_TYPES, type CardNode } from './NodeCard';

interface Props {
  nodes: CardNode[];
  edges: Edge[];
  onNodeClick?: (nodeId: string) => void;
  height?: number | string;
}

/** A flow drawn read-only (run traces, embed views): pan and zoom, nothing to edit. */
export function FlowDiagram({ nodes, edges, onNodeClick, height = 360 }: Props) {
  return (
    <Box sx={{ height, border: 1, borderColor: 'divider', borderRadius: 1, bgcolor: 'background.paper' }}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={(_event, node) => onNodeClick?.(node.id)}
        fitView
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </Box>
  );
}
