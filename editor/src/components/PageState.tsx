import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { errorMessage } from '../api/base';

interface Props {
  loading: boolean;
  error: unknown;
  empty?: boolean;
  emptyText?: ReactNode;
  children: ReactNode;
}

/** Loading, error and empty states around a screen's content, the same on every screen. */
export function PageState({
  loading,
  error,
  empty = false,
  emptyText = 'Nothing here yet.',
  children,
}: Props) {
  if (loading)
    return (
      <Box sx={{ display: 'flex', justifyContent: 'center', p: 4 }} role="status" aria-label="Loading">
        <CircularProgress />
      </Box>
    );
  if (error) return <Alert severity="error">{errorMessage(error)}</Alert>;
  if (empty)
    return (
      <Box sx={{ p: 4, textAlign: 'center' }}>
        <Typography color="text.secondary">{emptyText}</Typography>
      </Box>
    );
  return <>{children}</>;
}
