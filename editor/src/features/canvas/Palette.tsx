import { List, ListItem, ListItemText, Paper, Typography } from '@mui/material';
import type { NodeType } from '../../api/types';

export const DRAG_TYPE = 'application/x-isync-node';

/** The node types, to drag onto the canvas (or add with Enter, for keyboard users). */
export function Palette({ nodeTypes, onAdd }: { nodeTypes: NodeType[]; onAdd: (type: string) => void }) {
  return (
    <Paper
      variant="outlined"
      sx={{ width: 190, flexShrink: 0, overflow: 'auto' }}
      component="aside"
      aria-label="Palette"
    >
      <Typography variant="overline" sx={{ px: 2 }}>
        Node types
      </Typography>
      <List dense>
        {nodeTypes.map((type) => (
          <ListItem
            key={type.type}
            draggable
            tabIndex={0}
            role="button"
            aria-label={`Add ${type.label}`}
            data-testid={`palette-${type.type}`}
            onDragStart={(event) => {
              event.dataTransfer.setData(DRAG_TYPE, type.type);
              event.dataTransfer.effectAllowed = 'move';
            }}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') onAdd(type.type);
            }}
            sx={{
              cursor: 'grab',
              border: 1,
              borderColor: 'divider',
              borderRadius: 1,
              mb: 0.5,
              mx: 1,
              width: 'auto',
            }}
          >
            <ListItemText primary={type.label} secondary={type.category} />
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
