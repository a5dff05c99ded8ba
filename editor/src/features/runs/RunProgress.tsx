import { Box, LinearProgress, Typography } from '@mui/material';
import type { RunSummary } from '../../api/types';
import { doneCount } from './progress';

/** A going run's progress: records done against records pulled so far (the pull may still be finding more). */
export function RunProgress({ run, dense = false }: { run: RunSummary; dense?: boolean }) {
  if (run.status === 'queued')
    return (
      <Typography variant="caption" color="text.secondary">
        waiting for its turn
      </Typography>
    );
  const done = doneCount(run.counts);
  const pulled = run.counts.pulled;
  const text = `${done} done / ${pulled} pulled so far`;
  return (
    <Box sx={{ minWidth: dense ? 140 : 280 }}>
      <LinearProgress
        variant={pulled === 0 ? 'indeterminate' : 'determinate'}
        value={pulled === 0 ? undefined : Math.min(100, (done / pulled) * 100)}
        aria-label="Run progress"
        aria-valuetext={text}
      />
      <Typography variant="caption" data-testid="run-progress">
        {text}
      </Typography>
    </Box>
  );
}
