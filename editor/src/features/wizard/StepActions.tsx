import { Alert, Box, Button } from '@mui/material';
import type { ReactNode } from 'react';
import { errorMessage } from '../../api/base';

interface Props {
  onBack?: () => void;
  onNext: () => void;
  nextLabel?: string;
  busy?: boolean;
  error?: unknown;
  children?: ReactNode;
}

/** Sticky at the bottom: a long step (mappings, status maps) keeps its actions in reach on a laptop screen. */
export const stickyActions = {
  position: 'sticky',
  bottom: 0,
  zIndex: 1,
  bgcolor: 'background.paper',
  py: 1.5,
  borderTop: 1,
  borderColor: 'divider',
} as const;

/** Back / Next under each wizard step, with the step's save error. */
export function StepActions({
  onBack,
  onNext,
  nextLabel = 'Save and continue',
  busy = false,
  error,
  children,
}: Props) {
  return (
    <Box sx={{ mt: 3, display: 'flex', flexDirection: 'column', gap: 2, ...stickyActions }}>
      {error ? <Alert severity="error">{errorMessage(error)}</Alert> : null}
      <Box sx={{ display: 'flex', gap: 1 }}>
        {onBack ? <Button onClick={onBack}>Back</Button> : null}
        <Button variant="contained" onClick={onNext} disabled={busy}>
          {nextLabel}
        </Button>
        {children}
      </Box>
    </Box>
  );
}
