import { Chip } from '@mui/material';

type Color = 'default' | 'success' | 'warning' | 'error' | 'info' | 'primary' | 'secondary';

const COLORS: Record<string, Color> = {
  active: 'success',
  succeeded: 'success',
  pushed: 'success',
  /** Matched to a record already in the destination instead of creating one. */
  linked: 'secondary',
  updated: 'success',
  draft: 'default',
  paused: 'warning',
  partial: 'warning',
  skipped: 'default',
  running: 'info',
  queued: 'info',
  canceled: 'default',
  initiated: 'info',
  'update-request': 'info',
  error: 'error',
  failed: 'error',
  suspended: 'error',
  archived: 'default',
  invited: 'info',
  disabled: 'default',
};

/** A status as a coloured chip: the same colour for the same status everywhere. */
export function StatusChip({ status }: { status: string }) {
  return <Chip size="small" label={status} color={COLORS[status] ?? 'default'} variant="outlined" />;
}
