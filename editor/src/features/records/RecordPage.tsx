import { Box, Paper, Typography } from '@mui/material';
import { useParams } from 'react-router';
import { useTimelineQuery } from '../../api/records';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { ConflictDecision } from '../exceptions/ConflictDecision';
import { Timeline } from './Timeline';

export function RecordPage() {
  const { id = '' } = useParams();
  const { data, isLoading, error } = useTimelineQuery(id);
  const canDecide = useCan('records:replay');
  return (
    <>
      <PageHeader title="Record timeline" />
      <PageState loading={isLoading} error={error}>
        {data ? (
          <Box
            sx={{ display: 'grid', gridTemplateColumns: { md: 'minmax(360px, 1fr) minmax(0, 1fr)' }, gap: 2 }}
          >
            <Paper sx={{ p: 2, minWidth: 0, overflowWrap: 'anywhere' }}>
              <Typography variant="h6" component="h2">
                {String(data.record.sourceData.title ?? data.record.sourceId)}
              </Typography>
              <Typography component="div">
                Status <StatusChip status={data.record.status} /> · source id {data.record.sourceId} ·
                destination {data.record.destinationNumber ?? data.record.destinationId ?? '—'}
              </Typography>
              {data.record.lastError ? (
                // An error names URLs and ids without spaces: break them rather than spill out of the card.
                <Typography color="error" sx={{ overflowWrap: 'anywhere' }}>
                  {data.record.lastError}
                </Typography>
              ) : null}
              {data.record.pair?.held.length ? (
                // Two-way sync: a conflict held for review is decided here as in the exceptions inbox.
                <Box sx={{ mt: 2 }}>
                  <ConflictDecision
                    recordId={data.record.id}
                    integrationId={data.record.integrationId}
                    canDecide={canDecide}
                  />
                </Box>
              ) : null}
              <Box sx={{ mt: 2 }}>
                <Timeline events={data.events} />
              </Box>
            </Paper>
            <Paper sx={{ p: 2, minWidth: 0 }}>
              <Typography variant="overline">Source data</Typography>
              <Box
                component="pre"
                tabIndex={0}
                aria-label="Source data"
                sx={{ fontSize: 12, overflow: 'auto', m: 0 }}
              >
                {JSON.stringify(data.record.sourceData, null, 2)}
              </Box>
            </Paper>
          </Box>
        ) : null}
      </PageState>
    </>
  );
}
