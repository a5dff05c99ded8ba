import {
  Box,
  Button,
  FormControl,
  IconButton,
  MenuItem,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import Add from '@mui/icons-material/Add';
import Delete from '@mui/icons-material/Delete';
import { Fragment } from 'react';
import type { MappingRow } from '../api/integrations';
import type { FieldDescription } from '../api/types';
import { ExpressionEditor } from './expression/ExpressionEditor';
import { FieldPicker } from './FieldPicker';

const KINDS = [
  { value: 'path', label: 'Source field' },
  { value: 'constant', label: 'Constant' },
  { value: 'template', label: 'Template' },
  { value: 'expression', label: 'Expression' },
] as const;

type Kind = MappingRow['value']['kind'];

const emptyValue = (kind: Kind): MappingRow['value'] =>
  kind === 'path'
    ? { kind, path: '' }
    : kind === 'constant'
      ? { kind, value: '' }
      : kind === 'template'
        ? { kind, template: '' }
        : { kind, expression: '' };

const textOf = (value: MappingRow['value']): string =>
  value.kind === 'path'
    ? value.path
    : value.kind === 'constant'
      ? String(value.value ?? '')
      : value.kind === 'template'
        ? value.template
        : value.expression;

const withText = (value: MappingRow['value'], text: string): MappingRow['value'] =>
  value.kind === 'path'
    ? { kind: 'path', path: text }
    : value.kind === 'constant'
      ? { kind: 'constant', value: text }
      : value.kind === 'template'
        ? { kind: 'template', template: text }
        : { kind: 'expression', expression: text };

/** Problems a row has before it is sent: the user sees them inline. */
export const rowProblem = (row: MappingRow): string | null =>
  row.target.trim() === ''
    ? 'Pick the destination field'
    : row.value.kind !== 'constant' && textOf(row.value).trim() === ''
      ? 'Fill in the value'
      : null;

/**
 * Where the table is narrow (the canvas's settings panel), each row stacks: the destination field on its
 * own line, then the kind, the value and the remove button; nothing scrolls sideways.
 */
const NARROW = {
  '@container (max-width: 600px)': {
    '& thead': { display: 'none' },
    '& tbody tr': {
      display: 'grid',
      gridTemplateColumns: '130px minmax(0, 1fr) auto',
      gap: 1,
      py: 1,
      borderBottom: 1,
      borderColor: 'divider',
    },
    '& tbody td': { display: 'block', width: 'auto', border: 0, p: 0 },
    '& tbody td:first-of-type': { gridColumn: '1 / -1' },
  },
};

interface Props {
  label: string;
  rows: MappingRow[];
  onChange: (rows: MappingRow[]) => void;
  targetFields: FieldDescription[];
  sourceFields: FieldDescription[];
  showErrors?: boolean;
  /** The integration whose synced records serve as samples for the expressions' preview. */
  integrationId?: string | undefined;
  /** Problems found beyond the row's own (an expression that does not parse), by row index. */
  rowErrors?: Record<number, string> | undefined;
}

/** One mapping table: destination field ← source field, constant, template or expression. */
export function MappingTable({
  label,
  rows,
  onChange,
  targetFields,
  sourceFields,
  showErrors = false,
  integrationId,
  rowErrors = {},
}: Props) {
  const set = (index: number, row: MappingRow) => onChange(rows.map((r, i) => (i === index ? row : r)));
  return (
    <Box component="section" aria-label={label} sx={{ mb: 3, containerType: 'inline-size' }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {label}
      </Typography>
      <Table size="small" sx={NARROW}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: '34%' }}>Destination field</TableCell>
            <TableCell sx={{ width: '18%' }}>From</TableCell>
            <TableCell>Value</TableCell>
            <TableCell sx={{ width: 48 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={4}>
                <Typography color="text.secondary">No fields mapped yet.</Typography>
              </TableCell>
            </TableRow>
          ) : null}
          {rows.map((row, index) => {
            const name = `${label} row ${index + 1}`;
            const problem = (showErrors ? rowProblem(row) : null) ?? rowErrors[index] ?? null;
            const expression = row.value.kind === 'expression';
            return (
              <Fragment key={index}>
                <TableRow sx={expression ? { '& > td': { borderBottom: 0 } } : undefined}>
                  <TableCell>
                    <FieldPicker
                      label={`${name} destination field`}
                      value={row.target}
                      fields={targetFields}
                      onChange={(target) => set(index, { ...row, target })}
                      error={Boolean(problem && row.target.trim() === '')}
                      hideLabel
                    />
                  </TableCell>
                  <TableCell>
                    <FormControl size="small" fullWidth>
                      <Select
                        value={row.value.kind}
                        inputProps={{ 'aria-label': `${name} kind` }}
                        onChange={(e) => set(index, { ...row, value: emptyValue(e.target.value as Kind) })}
                      >
                        {KINDS.map((k) => (
                          <MenuItem key={k.value} value={k.value}>
                            {k.label}
                          </MenuItem>
                        ))}
                      </Select>
                    </FormControl>
                  </TableCell>
                  <TableCell>
                    {row.value.kind === 'expression' ? (
                      <Typography variant="body2" color="text.secondary">
                        Written below, with its result on a sample record
                      </Typography>
                    ) : row.value.kind === 'path' ? (
                      <FieldPicker
                        label={`${name} source field`}
                        value={row.value.path}
                        fields={sourceFields}
                        onChange={(path) => set(index, { ...row, value: { kind: 'path', path } })}
                        error={Boolean(problem)}
                        hideLabel
                      />
                    ) : (
                      <TextField
                        fullWidth
                        slotProps={{ htmlInput: { 'aria-label': `${name} value` } }}
                        value={textOf(row.value)}
                        placeholder={row.value.kind === 'template' ? 'PG-{{number}}: {{title}}' : ''}
                        onChange={(e) => set(index, { ...row, value: withText(row.value, e.target.value) })}
                        error={Boolean(problem)}
                        helperText={problem ?? undefined}
                      />
                    )}
                  </TableCell>
                  <TableCell>
                    <IconButton
                      aria-label={`Remove ${name}`}
                      onClick={() => onChange(rows.filter((_, i) => i !== index))}
                    >
                      <Delete />
                    </IconButton>
                  </TableCell>
                </TableRow>
                {row.value.kind === 'expression' ? (
                  <TableRow>
                    <TableCell colSpan={4} sx={{ pt: 0 }}>
                      <ExpressionEditor
                        label={`${name} expression`}
                        value={row.value.expression}
                        onChange={(text) =>
                          set(index, { ...row, value: { kind: 'expression', expression: text } })
                        }
                        sourceFields={sourceFields}
                        integrationId={integrationId}
                        problem={problem}
                      />
                    </TableCell>
                  </TableRow>
                ) : null}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
      <Button
        startIcon={<Add />}
        onClick={() => onChange([...rows, { target: '', value: { kind: 'path', path: '' } }])}
        sx={{ mt: 1 }}
      >
        Add a field to {label}
      </Button>
    </Box>
  );
}
