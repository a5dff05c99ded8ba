import { FormControl, FormHelperText, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import { useId } from 'react';

interface Props {
  label: string;
  /** The projects the connection's account reaches; none known yet (or none listed) asks for the uid. */
  projects: { id: string; name: string }[];
  value: string;
  onChange: (project: string) => void;
  /** Shown in red under the field; empty when all is well. */
  error: string;
  /** Shown under the text field, when the project must be typed. */
  help: string | undefined;
}

/** A PlanGrid project picked by name from those listed, or typed as a uid when none are. */
export function ProjectSelect({ label, projects, value, onChange, error, help }: Props) {
  const labelId = useId();
  if (projects.length === 0) {
    return (
      <TextField
        label={label}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={Boolean(error)}
        helperText={error || help}
      />
    );
  }
  // A project saved before that the account no longer lists stays visible, marked as such.
  const listed = value === '' || projects.some((p) => p.id === value);
  return (
    <FormControl size="small" fullWidth error={Boolean(error)}>
      <InputLabel id={labelId}>{label}</InputLabel>
      <Select labelId={labelId} label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {projects.map((p) => (
          <MenuItem key={p.id} value={p.id}>
            {p.name}
          </MenuItem>
        ))}
        {listed ? null : <MenuItem value={value}>{`${value} (not among the account's projects)`}</MenuItem>}
      </Select>
      <FormHelperText>{error || 'The PlanGrid projects this connection can read'}</FormHelperText>
    </FormControl>
  );
}
