import { Box, Chip, Divider, Drawer, IconButton, Typography } from '@mui/material';
import Close from '@mui/icons-material/Close';
import type { TestRunRecord } from '../../api/test-run';
import { FieldTable } from './FieldTable';
import { OutcomeDetail } from './OutcomeDetail';
import { OUTCOMES, titleOf } from './outcome';

const STEP_COLORS = { passed: 'success', skipped: 'warning', failed: 'error' } as const;

/** One test record: its source record, what each node made of it, and its outcome in the destination. */
export function TestRecordDrawer({
  record,
  labelOf,
  onClose,
}: {
  record: TestRunRecord | null;
  labelOf: (nodeId: string) => string;
  onClose: () => void;
}) {
  return (
    <Drawer anchor="right" open={record !== null} onClose={onClose}>
      {record ? (
        <Box
          sx={{
            width: { xs: '100vw', sm: 560 },
            boxSizing: 'border-box',
            p: 2,
            display: 'flex',
            flexDirection: 'column',
            gap: 2,
          }}
          role="region"
          aria-label={`Test record ${record.sourceId}`}
        >
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography variant="h6" component="h2" sx={{ flex: 1 }}>
              {record.sourceId} {titleOf(record)}
            </Typography>
            <Chip label={OUTCOMES[record.outcome.kind].label} color={OUTCOMES[record.outcome.kind].color} />
            <IconButton aria-label="Close" onClick={onClose}>
              <Close />
            </IconButton>
          </Box>
          <section aria-label="In the destination">
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              In the destination
            </Typography>
            <OutcomeDetail outcome={record.outcome} labelOf={labelOf} />
          </section>
          <Divider />
          <section aria-label="Node outputs">
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              Each node
            </Typography>
            {record.steps.map((step) => (
              <Box key={step.nodeId} sx={{ mb: 1.5 }}>
                <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                  <Typography sx={{ fontWeight: 600 }}>{step.label || labelOf(step.nodeId)}</Typography>
                  <Chip
                    size="small"
                    variant="outlined"
                    label={step.outcome}
                    color={STEP_COLORS[step.outcome]}
                  />
                </Box>
                {step.reason ? <Typography color="text.secondary">{step.reason}</Typography> : null}
                {step.fields && Object.keys(step.fields).length > 0 ? (
                  <FieldTable fields={step.fields} label={`Output of ${step.label}`} />
                ) : null}
              </Box>
            ))}
          </section>
          <Divider />
          <section aria-label="Source record">
            <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
              Source record
            </Typography>
            <FieldTable fields={record.source} label="Source record fields" />
          </section>
        </Box>
      ) : null}
    </Drawer>
  );
}
