import { Box, Paper, Typography } from '@mui/material';
import type { NodeTrace } from '../../api/types';
import { formatDuration } from '../../components/format';

const Json = ({ value, label }: { value: unknown; label: string }) => (
  <Box sx={{ flex: 1, minWidth: 0 }}>
    <Typography variant="overline">{label}</Typography>
    <Box
      component="pre"
      tabIndex={0}
      aria-label={label}
      sx={{
        m: 0,
        p: 1,
        bgcolor: 'grey.100',
        borderRadius: 1,
        overflow: 'auto',
        maxHeight: 240,
        fontSize: 12,
      }}
    >
      {value === undefined ? '—' : JSON.stringify(value, null, 2)}
    </Box>
  </Box>
);

/** A node of a run: counts, timing and its sample items, input and output side by side. */
export function NodeSamples({ trace, label }: { trace: NodeTrace | undefined; label: string }) {
  return (
    <Paper sx={{ p: 2, mt: 2 }} component="section" aria-label={`Samples of ${label}`}>
      <Typography variant="h6" component="h2">
        {label}
      </Typography>
      {!trace ? (
        <Typography color="text.secondary">This node did not run.</Typography>
      ) : (
        <>
          <Typography>
            In {trace.in}, out {trace.out}, skipped {trace.skipped}, failed {trace.failed} in{' '}
            {formatDuration(trace.durationMs)}.
          </Typography>
          {trace.samples.length === 0 ? (
            <Typography color="text.secondary">No sample items.</Typography>
          ) : (
            trace.samples.map((sample, index) => (
              <Box key={index} sx={{ display: 'flex', gap: 2, mt: 1 }}>
                <Json label={`Sample ${index + 1} input`} value={sample.input} />
                <Json label={`Sample ${index + 1} output`} value={sample.output} />
              </Box>
            ))
          )}
        </>
      )}
    </Paper>
  );
}
