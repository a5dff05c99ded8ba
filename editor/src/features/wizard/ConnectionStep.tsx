import {
  Alert,
  Box,
  Button,
  FormControl,
  FormHelperText,
  InputLabel,
  MenuItem,
  Select,
  TextField,
} from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import {
  useConnectionsQuery,
  useDescribeConnectionQuery,
  useTestConnectionMutation,
} from '../../api/connections';
import { useSaveDestinationMutation, useSaveSourceMutation } from '../../api/integrations';
import type { IntegrationView } from '../../api/types';
import { configOf, stringOf } from '../../components/flow';
import { NewConnectionForm } from './NewConnectionForm';
import { StepActions } from './StepActions';

const NEW = '__new__';

interface Props {
  integration: IntegrationView;
  role: 'source' | 'destination';
  onBack: () => void;
  onDone: () => void;
}

const SYSTEM = {
  source: { system: 'plangrid', label: 'PlanGrid' },
  destination: { system: 'nuvolo', label: 'Nuvolo' },
} as const;

/** Steps 2 and 3: the system's connection (picked or added), Test connection, and what to read or write. */
export function ConnectionStep({ integration, role, onBack, onDone }: Props) {
  const { system, label } = SYSTEM[role];
  const config = configOf(integration.flow, role);
  const { data: connections, isLoading } = useConnectionsQuery();
  const mine = (connections?.items ?? []).filter((c) => c.system === system);
  const [picked, setPicked] = useState<string>(stringOf(config.connectionId));
  const connectionId = picked || (mine.length === 0 ? NEW : (mine[0]?.id ?? NEW));
  const real = connectionId !== NEW ? connectionId : null;
  const described = useDescribeConnectionQuery(real ?? '', { skip: !real });
  const [object, setObject] = useState(stringOf(config.object));
  const [project, setProject] = useState(stringOf(config.project));
  const [touched, setTouched] = useState(false);
  const [test, tested] = useTestConnectionMutation();
  const [saveSource, source] = useSaveSourceMutation();
  const [saveDestination, destination] = useSaveDestinationMutation();
  const objects = described.data?.objects ?? [];
  const chosenObject = object || objects[0]?.name || '';
  const projectError =
    touched && role === 'source' && project.trim() === '' ? 'Enter the PlanGrid project uid' : '';

  const next = async () => {
    setTouched(true);
    if (!real || !chosenObject || projectError || (role === 'source' && project.trim() === '')) return;
    const result =
      role === 'source'
        ? await saveSource({
            id: integration.id,
            connectionId: real,
            object: chosenObject,
            project: project.trim(),
          })
        : await saveDestination({ id: integration.id, connectionId: real, object: chosenObject });
    if ('data' in result) onDone();
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 560 }}>
      <FormControl size="small" error={touched && !real}>
        <InputLabel id={`${role}-connection-label`}>{label} connection</InputLabel>
        <Select
          labelId={`${role}-connection-label`}
          label={`${label} connection`}
          value={isLoading ? '' : connectionId}
          onChange={(e) => {
            setPicked(e.target.value);
            tested.reset();
          }}
        >
          {mine.map((c) => (
            <MenuItem key={c.id} value={c.id}>
              {c.name} ({c.baseUrl})
            </MenuItem>
          ))}
          <MenuItem value={NEW}>New connection…</MenuItem>
        </Select>
        {touched && !real ? <FormHelperText>Save or pick a connection</FormHelperText> : null}
      </FormControl>
      {connectionId === NEW ? (
        <NewConnectionForm system={system} systemLabel={label} onCreated={(id) => setPicked(id)} />
      ) : (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Box>
            <Button variant="outlined" onClick={() => void test(connectionId)} disabled={tested.isLoading}>
              {tested.isLoading ? 'Testing…' : 'Test connection'}
            </Button>
          </Box>
          {tested.data ? (
            <Alert severity={tested.data.ok ? 'success' : 'error'} role="status">
              {tested.data.message}
            </Alert>
          ) : null}
          {tested.error ? <Alert severity="error">{errorMessage(tested.error)}</Alert> : null}
          {described.error ? <Alert severity="error">{errorMessage(described.error)}</Alert> : null}
          <FormControl size="small">
            <InputLabel id={`${role}-object-label`}>
              {role === 'source' ? 'Records to read' : 'Table to write'}
            </InputLabel>
            <Select
              labelId={`${role}-object-label`}
              label={role === 'source' ? 'Records to read' : 'Table to write'}
              value={objects.some((o) => o.name === chosenObject) ? chosenObject : ''}
              onChange={(e) => setObject(e.target.value)}
            >
              {objects.map((o) => (
                <MenuItem key={o.name} value={o.name}>
                  {o.label} ({o.name})
                </MenuItem>
              ))}
            </Select>
            {described.isFetching ? <FormHelperText>Reading what {label} offers…</FormHelperText> : null}
          </FormControl>
          {role === 'source' ? (
            <TextField
              label="Project"
              value={project}
              onChange={(e) => setProject(e.target.value)}
              error={Boolean(projectError)}
              helperText={projectError || 'The PlanGrid project uid (from the project URL)'}
            />
          ) : null}
        </Box>
      )}
      <StepActions
        onBack={onBack}
        onNext={next}
        busy={source.isLoading || destination.isLoading}
        error={source.error ?? destination.error}
      />
    </Box>
  );
}
