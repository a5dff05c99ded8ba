import { Box, IconButton, ListItemText, Menu, MenuItem, Tooltip } from '@mui/material';
import Add from '@mui/icons-material/Add';
import Close from '@mui/icons-material/Close';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { useState } from 'react';
import { useCanvasActions } from './canvas-actions';

/** An edge with "+" (insert a node here) and, when hovered or selected, a remove button. */
export function InsertableEdge(props: EdgeProps) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, selected, markerEnd } =
    props;
  const actions = useCanvasActions();
  const [menu, setMenu] = useState<HTMLElement | null>(null);
  const [path, labelX, labelY] = getBezierPath({
    sourceX,
    sourceY,
    targetX,
    targetY,
    sourcePosition,
    targetPosition,
  });
  const showRemove = selected || actions?.hovered === id;
  return (
    <>
      <BaseEdge
        id={id}
        path={path}
        {...(markerEnd && { markerEnd })}
        style={{ strokeWidth: selected ? 3 : 2, stroke: selected ? '#1976d2' : '#8a8a8a' }}
        interactionWidth={24}
      />
      {actions ? (
        <EdgeLabelRenderer>
          <Box
            className="nodrag nopan"
            onMouseEnter={() => actions.setHovered(id)}
            onMouseLeave={() => actions.setHovered(null)}
            sx={{
              position: 'absolute',
              // Above the line, so that a click on the line itself still selects the edge.
              transform: `translate(-50%, -100%) translate(${labelX}px, ${labelY - 8}px)`,
              pointerEvents: 'all',
            }}
          >
            <Tooltip title="Insert a node here">
              <IconButton
                size="small"
                aria-label={`Insert a node on the edge ${id}`}
                onClick={(event) => setMenu(event.currentTarget)}
                sx={{ bgcolor: 'background.paper', border: 1, borderColor: 'divider', p: 0.25 }}
              >
                <Add fontSize="small" />
              </IconButton>
            </Tooltip>
            {showRemove ? (
              <Tooltip title="Remove this edge">
                <IconButton
                  size="small"
                  aria-label={`Remove the edge ${id}`}
                  onClick={() => actions.removeEdge(id)}
                  sx={{
                    // Beside the "+", which stays where it is.
                    position: 'absolute',
                    left: '100%',
                    top: 0,
                    ml: 0.5,
                    bgcolor: 'background.paper',
                    border: 1,
                    borderColor: 'divider',
                    p: 0.25,
                  }}
                >
                  <Close fontSize="small" />
                </IconButton>
              </Tooltip>
            ) : null}
          </Box>
          <Menu open={menu !== null} anchorEl={menu} onClose={() => setMenu(null)}>
            {actions.insertTypes.map((type) => (
              <MenuItem
                key={type.type}
                onClick={() => {
                  setMenu(null);
                  actions.insertOn(id, type.type);
                }}
              >
                <ListItemText primary={type.label} secondary={type.description} sx={{ maxWidth: 320 }} />
              </MenuItem>
            ))}
          </Menu>
        </EdgeLabelRenderer>
      ) : null}
    </>
  );
}

export const EDGE_TYPES = { insertable: InsertableEdge };
