import { Alert, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { FieldChange, TestRunOutcome } from '../../api/test-run';
import { FieldTable } from './FieldTable';
import { shown } from './outcome';

function DiffTable({ diff }: { diff: FieldChange[] }) {
  return (
    <Table size="small" aria-label="Update diff">
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Before</TableCell>
          <TableCell>After</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {diff.map((change) => (
          <TableRow
            key={change.field}
            data-changed={change.changed}
            sx={
              change.changed ? { bgcolor: 'rgba(237, 108, 2, 0.08)', '& td': { fontWeight: 600 } } : undefined
            }
          >
            <TableCell sx={{ fontFamily: 'monospace' }}>{change.field}</TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>{shown(change.current)}</TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>
              {shown(change.next)}
              {change.changed ? '' : ' (unchanged)'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What would happen in the destination, in words and tables. */
export function OutcomeDetail({
  outcome,
  labelOf,
}: {
  outcome: TestRunOutcome;
  labelOf: (nodeId: string) => string;
}) {
  switch (outcome.kind) {
    case 'create':
      return (
        <>
          <Typography>A new destination record would be created with this body:</Typography>
          <FieldTable fields={outcome.body} label="Create body" />
        </>
      );
    case 'update': {
      const changed = outcome.diff.filter((c) => c.changed).length;
      return (
        <>
          <Typography>
            Destination record {outcome.destinationId} would be updated: {changed} of {outcome.diff.length}{' '}
            fields change.
          </Typography>
          <DiffTable diff={outcome.diff} />
        </>
      );
    }
    case 'link':
      return (
        <Typography>
          Would be linked to destination record {outcome.destinationId}, found by {outcome.match.field} ={' '}
          {outcome.match.value}.
        </Typography>
      );
    case 'skip':
      return (
        <Alert severity="warning">
          Skipped at node “{labelOf(outcome.nodeId)}”: {outcome.reason}.
        </Alert>
      );
    case 'fail':
      return (
        <Alert severity="error">
          Would fail at node “{labelOf(outcome.nodeId)}”: {outcome.message}
        </Alert>
      );
  }
}
