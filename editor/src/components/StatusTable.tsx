import {
  Box,
  Button,
  IconButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import Add from '@mui/icons-material/Add';
import Delete from '@mui/icons-material/Delete';
import type { FieldDescription } from '../api/types';
import { FieldPicker } from './FieldPicker';

export interface StatusRow {
  from: string;
  to: string;
}

interface Props {
  label: string;
  rows: StatusRow[];
  onChange: (rows: StatusRow[]) => void;
  sourceStatuses: { value: string; label: string }[];
  destinationStates: { value: string; label: string }[];
}

const asFields = (choices: { value: string; label: string }[]): FieldDescription[] =>
  choices.map((c) => ({ name: c.value, label: c.label, type: 'choice', required: false }));

/** Source status → destination state, one row per status. */
export function StatusTable({ label, rows, onChange, sourceStatuses, destinationStates }: Props) {
  const set = (index: number, row: StatusRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  return (
    <Box component="section" aria-label={label}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {label}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>Source status</TableCell>
            <TableCell>Destination state</TableCell>
            <TableCell sx={{ width: 48 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, index) => (
            <TableRow key={index}>
              <TableCell>
                <FieldPicker
                  label={`Status row ${index + 1} source status`}
                  value={row.from}
                  fields={asFields(sourceStatuses)}
                  onChange={(from) => set(index, { ...row, from })}
                  hideLabel
                />
              </TableCell>
              <TableCell>
                <FieldPicker
                  label={`Status row ${index + 1} destination state`}
                  value={row.to}
                  fields={asFields(destinationStates)}
                  onChange={(to) => set(index, { ...row, to })}
                  hideLabel
                />
              </TableCell>
              <TableCell>
                <IconButton
                  aria-label={`Remove status row ${index + 1}`}
                  onClick={() => onChange(rows.filter((_, i) => i !== index))}
                >
                  <Delete />
                </IconButton>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Button startIcon={<Add />} onClick={() => onChange([...rows, { from: '', to: '' }])} sx={{ mt: 1 }}>
        Add a status
      </Button>
    </Box>
  );
}
