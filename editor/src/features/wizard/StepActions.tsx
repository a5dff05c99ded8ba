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
    <Box sx={{ mt: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
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
