import { Box, Typography } from '@mui/material';
import type { FlowChange } from '../../api/types';
import { briefChanges } from './changes';

/** The draft's changes in a few lines, for a badge (the Versions page has them all, by field). */
export function BriefChanges({
  changes,
  limit = 3,
  label,
}: {
  changes: FlowChange[];
  limit?: number;
  label: string;
}) {
  return (
    <Box component="ul" aria-label={label} sx={{ m: 0, pl: 2.5 }}>
      {briefChanges(changes, limit).map((line) => (
        <Typography component="li" variant="body2" key={line}>
          {line}
        </Typography>
      ))}
    </Box>
  );
}
