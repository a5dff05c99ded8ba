import { List, ListItem, ListItemText, Paper, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import type { NodeType } from '../../api/types';

export const DRAG_TYPE = 'application/x-isync-node';

const matches = (type: NodeType, query: string) =>
  [type.label, type.description, type.category, type.type].some((text) =>
    text.toLowerCase().includes(query.trim().toLowerCase()),
  );

/** The node types, searchable, each with what it does: drag one onto the canvas (or press Enter on it). */
export function Palette({ nodeTypes, onAdd }: { nodeTypes: NodeType[]; onAdd: (type: string) => void }) {
  const [query, setQuery] = useState('');
  const shown = nodeTypes.filter((type) => matches(type, query));
  return (
    <Paper
      variant="outlined"
      sx={{ width: 200, flexShrink: 0, overflow: 'auto', display: 'flex', flexDirection: 'column' }}
      component="aside"
      aria-label="Palette"
    >
      <Typography variant="overline" sx={{ px: 2, pt: 1 }}>
        Node types
      </Typography>
      <TextField
        size="small"
        placeholder="Search node types"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        slotProps={{ htmlInput: { 'aria-label': 'Search node types' } }}
        sx={{ mx: 1, mb: 1 }}
      />
      <List dense sx={{ pt: 0 }}>
        {shown.length === 0 ? (
          <Typography color="text.secondary" sx={{ px: 2 }}>
            No node type matches.
          </Typography>
        ) : null}
        {shown.map((type) => (
          <ListItem
            key={type.type}
            draggable
            tabIndex={0}
            role="button"
            aria-label={`Add ${type.label}`}
            data-testid={`palette-${type.type}`}
            title={type.description}
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
            <ListItemText
              primary={type.label}
              secondary={type.description}
              slotProps={{ secondary: { sx: { fontSize: 12, lineHeight: 1.3 } } }}
            />
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
