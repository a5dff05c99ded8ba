import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useState } from 'react';
import type { TestRunAnswer, TestRunRecord } from '../../api/test-run';
import { OUTCOMES, tally, titleOf } from './outcome';
import { TestRecordDrawer } from './TestRecordDrawer';

/** A test run's records, one row each with its outcome; a row opens its drawer. */
export function TestRunResults({
  answer,
  labelOf,
}: {
  answer: TestRunAnswer;
  labelOf: (nodeId: string) => string;
}) {
  const [open, setOpen] = useState<TestRunRecord | null>(null);
  if (answer.records.length === 0)
    return <Typography color="text.secondary">The source answered no records to test.</Typography>;
  return (
    <>
      <Typography role="status">
        {answer.records.length} records tested: {tally(answer.records)}. Nothing was written anywhere.
        {answer.notFound.length > 0 ? ` Not found in the source: ${answer.notFound.join(', ')}.` : ''}
      </Typography>
      <Table size="small" aria-label="Test records" stickyHeader>
        <TableHead>
          <TableRow>
            <TableCell>Source record</TableCell>
            <TableCell>Title</TableCell>
            <TableCell>Outcome</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {answer.records.map((record) => {
            const outcome = OUTCOMES[record.outcome.kind];
            return (
              <TableRow
                key={record.sourceId}
                hover
                tabIndex={0}
                sx={{ cursor: 'pointer' }}
                onClick={() => setOpen(record)}
                onKeyDown={(event) => event.key === 'Enter' && setOpen(record)}
              >
                <TableCell sx={{ fontFamily: 'monospace' }}>{record.sourceId}</TableCell>
                <TableCell>{titleOf(record)}</TableCell>
                <TableCell>
                  <Chip size="small" label={outcome.label} color={outcome.color} variant="outlined" />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <TestRecordDrawer record={open} labelOf={labelOf} onClose={() => setOpen(null)} />
    </>
  );
}
