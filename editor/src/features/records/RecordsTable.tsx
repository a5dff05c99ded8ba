import { Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import type { SyncRecord } from '../../api/types';
import { StatusChip } from '../../components/StatusChip';
import { formatTime } from '../../components/format';

const titleOf = (record: SyncRecord) =>
  String(record.sourceData.title ?? record.sourceData.name ?? record.sourceData.number ?? record.sourceId);

/** Records with their status; each opens its timeline. */
export function RecordsTable({ records, linkTo }: { records: SyncRecord[]; linkTo: (id: string) => string }) {
  return (
    <TableContainer component={Paper}>
      <Table aria-label="Records" size="small">
        <TableHead>
          <TableRow>
            <TableCell>Record</TableCell>
            <TableCell>Source id</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Source status</TableCell>
            <TableCell>Destination</TableCell>
            <TableCell>Updated</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {records.map((record) => (
            <TableRow key={record.id} hover>
              <TableCell>
                <Link component={RouterLink} to={linkTo(record.id)}>
                  {titleOf(record)}
                </Link>
              </TableCell>
              <TableCell>{record.sourceId}</TableCell>
              <TableCell>
                <StatusChip status={record.status} />
              </TableCell>
              <TableCell>{record.sourceStatus ?? '—'}</TableCell>
              <TableCell>{record.destinationNumber ?? record.destinationId ?? '—'}</TableCell>
              <TableCell>{formatTime(record.updatedAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
