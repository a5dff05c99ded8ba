import { Alert, Box, IconButton, Paper, Typography } from '@mui/material';
import Close from '@mui/icons-material/Close';
import { errorDetails, errorMessage } from '../../api/base';
import type { Problem } from '../../api/types';
import { ProblemList } from '../ProblemList';
import { TestRunResults } from './TestRunResults';
import type { LiveTest } from './useLiveTest';

/** The last test run's answer (or why there is none), under the screen that asked for it. */
export function TestRunOutput({
  test,
  labelOf,
  note,
}: {
  test: LiveTest;
  labelOf: (nodeId: string) => string;
  /** What the test covers, when it is not the whole flow (a two-way flow's way back is not tried). */
  note?: string | undefined;
}) {
  if (!test.answer && !test.error) return null;
  const problems = errorDetails<Problem[]>(test.error, 'problems');
  return (
    <Paper variant="outlined" sx={{ p: 1.5 }} component="section" aria-label="Test run">
      <Box sx={{ display: 'flex', alignItems: 'center' }}>
        <Typography variant="subtitle2" component="h2" sx={{ flex: 1 }}>
          Test with live data
        </Typography>
        <IconButton size="small" aria-label="Close the test run" onClick={test.clear}>
          <Close fontSize="small" />
        </IconButton>
      </Box>
      {test.error ? (
        <Alert severity="error">
          {errorMessage(test.error)}
          {problems ? <ProblemList problems={problems} labelOf={labelOf} /> : null}
        </Alert>
      ) : test.answer ? (
        <Box sx={{ maxHeight: 420, overflow: 'auto' }}>
          {note ? (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }} data-testid="test-run-note">
              {note}
            </Typography>
          ) : null}
          <TestRunResults answer={test.answer} labelOf={labelOf} />
        </Box>
      ) : null}
    </Paper>
  );
}
