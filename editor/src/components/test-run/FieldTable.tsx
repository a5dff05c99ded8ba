import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { shown } from './outcome';

/** Field → value, as a create would send it or a node leaves it. */
export function FieldTable({ fields, label }: { fields: Record<string, unknown>; label: string }) {
  return (
    <Table size="small" aria-label={label}>
      <TableHead>
        <TableRow>
          <TableCell>Field</TableCell>
          <TableCell>Value</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {Object.entries(fields).map(([field, value]) => (
          <TableRow key={field}>
            <TableCell sx={{ fontFamily: 'monospace' }}>{field}</TableCell>
            <TableCell sx={{ overflowWrap: 'anywhere' }}>{shown(value)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
