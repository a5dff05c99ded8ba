import { FormControl, FormHelperText, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import { useEffect } from 'react';
import { useDescribeConnectionQuery } from '../../api/connections';

interface Props {
  /** The source connection whose projects are listed; none picked yet lists nothing. */
  connectionId: string | null;
  value: string;
  onChange: (project: string) => void;
  error: string;
  help: string;
}

/**
 * The PlanGrid project to sync: picked from the projects the connection's account reaches (chosen for the
 * user when there is only one), typed in only when the connection cannot list them.
 */
export function ProjectField({ connectionId, value, onChange, error, help }: Props) {
  const described = useDescribeConnectionQuery(connectionId ?? '', { skip: !connectionId });
  const projects = described.data?.projects ?? [];
  const only = projects.length === 1 ? projects[0]!.id : null;
  useEffect(() => {
    if (only && value === '') onChange(only);
  }, [only, value, onChange]);

  if (projects.length === 0) {
    return (
      <TextField
        label="Project"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={Boolean(error)}
        helperText={error || (described.isFetching ? 'Reading the projects…' : help)}
      />
    );
  }
  // A project saved before that the account no longer lists stays visible, marked as such.
  const listed = value === '' || projects.some((p) => p.id === value);
  return (
    <FormControl size="small" error={Boolean(error)}>
      <InputLabel id="project-label">Project</InputLabel>
      <Select
        labelId="project-label"
        label="Project"
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
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
