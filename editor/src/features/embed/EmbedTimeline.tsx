import {
  Box,
  Button,
  Link,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { useRecordsQuery, useTimelineQuery } from '../../api/records';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { Timeline } from '../records/Timeline';

function RecordTimeline({ id, onBack }: { id: string; onBack: () => void }) {
  const { data, isLoading, error } = useTimelineQuery(id);
  return (
    <>
      <Button onClick={onBack}>Back to records</Button>
      <PageState loading={isLoading} error={error}>
        {data ? <Timeline events={data.events} linkRuns={false} /> : null}
      </PageState>
    </>
  );
}

/** Record search and timelines of the embedded integration. */
export function EmbedTimeline({ integrationId }: { integrationId: string }) {
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const { data, isLoading, error } = useRecordsQuery({ integrationId, ...(q.trim() && { q: q.trim() }) });
  if (open) return <RecordTimeline id={open} onBack={() => setOpen(null)} />;
  const records = data?.items ?? [];
  return (
    <Box>
      <TextField label="Search records" value={q} onChange={(e) => setQ(e.target.value)} sx={{ mb: 2 }} />
      <PageState loading={isLoading} error={error} empty={records.length === 0} emptyText="No records.">
        <Paper>
          <Table size="small" aria-label="Records">
            <TableHead>
              <TableRow>
                <TableCell>Record</TableCell>
                <TableCell>Status</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {records.map((record) => (
                <TableRow key={record.id}>
                  <TableCell>
                    <Link component="button" onClick={() => setOpen(record.id)}>
                      {String(record.sourceData.title ?? record.sourceId)}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <StatusChip status={record.status} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      </PageState>
    </Box>
  );
}
