import { Box, Chip, List, ListItem, ListItemText, Typography } from '@mui/material';
import type { FlowChange } from '../../api/types';
import { firstChanges, KIND_LABELS, readablePath } from './changes';

const COLORS: Record<FlowChange['kind'], 'success' | 'error' | 'warning' | 'default'> = {
  'node-added': 'success',
  'node-removed': 'error',
  'node-changed': 'warning',
  'edge-added': 'default',
  'edge-removed': 'default',
};

interface Props {
  changes: FlowChange[];
  /** Show at most this many (the rest is counted). */
  limit?: number;
  /** Also list the changed config fields of each node. */
  fields?: boolean;
  label?: string;
}

/** Changes between two versions of a flow, by node and field. */
export function ChangeList({ changes, limit = Infinity, fields = true, label = 'Changes' }: Props) {
  if (changes.length === 0) return <Typography color="text.secondary">No differences.</Typography>;
  const { shown, more } = firstChanges(changes, limit);
  return (
    <List dense disablePadding aria-label={label}>
      {shown.map((change, index) => (
        <ListItem
          key={`${change.kind}-${change.nodeId ?? change.label}-${index}`}
          disableGutters
          sx={{ gap: 1 }}
        >
          <Chip
            size="small"
            variant="outlined"
            color={COLORS[change.kind]}
            label={KIND_LABELS[change.kind]}
            sx={{ minWidth: 96 }}
          />
          <ListItemText
            primary={change.summary}
            secondary={
              fields && change.fields.length > 0 ? (
                <Box component="span" sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 0.5 }}>
                  {change.fields.map((field) => (
                    <Chip
                      key={field}
                      component="span"
                      size="small"
                      label={readablePath(field)}
                      sx={{ fontFamily: 'monospace' }}
                    />
                  ))}
                </Box>
              ) : null
            }
          />
        </ListItem>
      ))}
      {more > 0 ? (
        <ListItem disableGutters>
          <Typography variant="body2" color="text.secondary">
            and {more} more
          </Typography>
        </ListItem>
      ) : null}
    </List>
  );
}
