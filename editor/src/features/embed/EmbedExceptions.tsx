import { Paper, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { useExceptionsQuery } from '../../api/exceptions';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../components/format';

/** The open exceptions of the embedded integration, read-only. */
export function EmbedExceptions({ integrationId }: { integrationId: string }) {
  const { data, isLoading, error } = useExceptionsQuery(
    { integrationId, resolved: 'false' },
    { pollingInterval: 5000 },
  );
  const items = data?.items ?? [];
  return (
    <PageState loading={isLoading} error={error} empty={items.length === 0} emptyText="No open exceptions.">
      <Paper>
        <Table size="small" aria-label="Exceptions">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>HTTP</TableCell>
              <TableCell>Message</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((e) => (
              <TableRow key={e.id}>
                <TableCell>{formatTime(e.at)}</TableCell>
                <TableCell>{e.kind}</TableCell>
                <TableCell>{e.httpStatus ?? '—'}</TableCell>
                <TableCell>{e.message}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
    </PageState>
  );
}
