import { FormControl, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import type { FieldDescription } from '../api/types';

interface Props {
  label: string;
  value: string;
  fields: FieldDescription[];
  onChange: (value: string) => void;
  error?: boolean;
  /** In a table with column headers: the label is for screen readers only. */
  hideLabel?: boolean;
}

/** A field of a system, picked from its `describe` answer; typed freely when the system described none. */
export function FieldPicker({ label, value, fields, onChange, error = false, hideLabel = false }: Props) {
  if (fields.length === 0)
    return (
      <TextField
        {...(hideLabel ? { slotProps: { htmlInput: { 'aria-label': label } } } : { label })}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
        fullWidth
      />
    );
  const id = `picker-${label.replace(/\W+/g, '-')}`;
  const known = fields.some((f) => f.name === value);
  return (
    <FormControl size="small" fullWidth error={error}>
      {hideLabel ? null : <InputLabel id={id}>{label}</InputLabel>}
      <Select
        {...(hideLabel ? { inputProps: { 'aria-label': label } } : { labelId: id, label })}
        value={value}
        displayEmpty={hideLabel}
        onChange={(e) => onChange(e.target.value)}
      >
        {!known && value ? <MenuItem value={value}>{value}</MenuItem> : null}
        {fields.map((f) => (
          <MenuItem key={f.name} value={f.name}>
            {f.label} ({f.name}){f.required ? ' *' : ''}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
