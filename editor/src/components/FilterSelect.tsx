import { FormControl, InputLabel, MenuItem, Select } from '@mui/material';

export interface FilterOption {
  value: string;
  label: string;
}

/** A list's filter: a small labelled select whose first choice (`anyLabel`) lets everything through. */
export function FilterSelect({
  id,
  label,
  value,
  options,
  onChange,
  anyLabel = 'Any',
  anyValue = '',
  minWidth = 160,
}: {
  /** Names the label element (`${id}-label`). */
  id: string;
  label: string;
  value: string;
  options: readonly FilterOption[];
  onChange: (value: string) => void;
  anyLabel?: string;
  /** The value of the first choice (the empty one unless no value means something else). */
  anyValue?: string;
  minWidth?: number;
}) {
  const labelId = `${id}-label`;
  return (
    <FormControl size="small" sx={{ minWidth }}>
      <InputLabel id={labelId}>{label}</InputLabel>
      <Select labelId={labelId} label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        <MenuItem value={anyValue}>{anyLabel}</MenuItem>
        {options.map((option) => (
          <MenuItem key={option.value} value={option.value}>
            {option.label}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** Values shown as they are, for a filter whose values are words a user reads (statuses). */
export const asOptions = (values: readonly string[]): FilterOption[] =>
  values.map((value) => ({ value, label: value }));
