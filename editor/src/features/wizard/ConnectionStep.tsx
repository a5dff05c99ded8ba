import { Alert, Box, FormControl, FormHelperText, InputLabel, MenuItem, Select } from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import { useConnectionsQuery, useDescribeConnectionQuery } from '../../api/connections';
import { useSaveDestinationMutation, useSaveSourceMutation } from '../../api/integrations';
import type { IntegrationView } from '../../api/types';
import { configOf, stringOf } from '../../components/flow';
import { objectLabel } from '../../components/labels';
import { ConnectionPicker, useConnectionChoice } from '../connections/ConnectionPicker';
import { ProjectField } from '../connections/ProjectField';
import {
  shippedChoice,
  systemKeyOf,
  useDestinationChoices,
  useSourceChoices,
} from '../systems/useSystemChoices';
import { SystemBadge } from '../systems/SystemBadge';
import { StepActions } from './StepActions';

interface Props {
  integration: IntegrationView;
  role: 'source' | 'destination';
  onBack: () => void;
  onDone: () => void;
}

/**
 * Steps 2 and 3: the system (PlanGrid, IBM Maximo or one of the tenant's own systems as the source; Nuvolo,
 * IBM Maximo or one of the tenant's own systems as the destination), its connection (picked or added), Test
 * connection, and what to read or write (and, for PlanGrid, the project).
 */
export function ConnectionStep({ integration, role, onBack, onDone }: Props) {
  const config = configOf(integration.flow, role);
  const saved = stringOf(config.connectionId);
  const connections = useConnectionsQuery();
  const savedConnection = connections.data?.items.find((c) => c.id === saved);
  const sourceChoices = useSourceChoices();
  const destinationChoices = useDestinationChoices();
  const choices = role === 'source' ? sourceChoices : destinationChoices;
  const fallback = shippedChoice(role === 'source' ? 'plangrid' : 'nuvolo');
  const [picked, setPicked] = useState('');
  const systemKey = picked || (savedConnection ? systemKeyOf(savedConnection) : fallback.key);
  const systemChoice = choices.find((c) => c.key === systemKey) ?? fallback;
  // Only PlanGrid keeps its records in projects.
  const hasProject = systemChoice.system === 'plangrid';
  const label = systemChoice.label;
  const choice = useConnectionChoice(systemChoice, saved);
  const real = choice.connectionId;
  const described = useDescribeConnectionQuery(real ?? '', { skip: !real });
  const [object, setObject] = useState(stringOf(config.object));
  const [project, setProject] = useState(stringOf(config.project));
  const [touched, setTouched] = useState(false);
  const [saveSource, source] = useSaveSourceMutation();
  const [saveDestination, destination] = useSaveDestinationMutation();
  const objects = described.data?.objects ?? [];
  const chosenObject = object || objects[0]?.name || '';
  const needsProject = role === 'source' && hasProject;
  const projectError = touched && needsProject && project.trim() === '' ? 'Pick the PlanGrid project' : '';

  const next = async () => {
    setTouched(true);
    if (!real || !chosenObject || projectError || (needsProject && project.trim() === '')) return;
    const result =
      role === 'source'
        ? await saveSource({
            id: integration.id,
            connectionId: real,
            object: chosenObject,
            ...(needsProject && { project: project.trim() }),
          })
        : await saveDestination({ id: integration.id, connectionId: real, object: chosenObject });
    if ('data' in result) onDone();
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 560 }}>
      {choices.length > 1 ? (
        <FormControl size="small">
          <InputLabel id={`${role}-system-label`}>
            {role === 'source' ? 'Source system' : 'Destination system'}
          </InputLabel>
          <Select
            labelId={`${role}-system-label`}
            label={role === 'source' ? 'Source system' : 'Destination system'}
            value={choices.some((c) => c.key === systemChoice.key) ? systemChoice.key : ''}
            onChange={(e) => {
              setPicked(e.target.value);
              choice.pick('');
              setObject('');
            }}
            renderValue={(key) => {
              const shown = choices.find((c) => c.key === key);
              return shown ? (
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                  <SystemBadge label={shown.badge} />
                  {shown.label}
                </Box>
              ) : null;
            }}
          >
            {choices.map((c) => (
              <MenuItem key={c.key} value={c.key}>
                <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
                  <SystemBadge label={c.badge} />
                  {c.label}
                </Box>
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      ) : null}
      <ConnectionPicker choice={choice} idPrefix={role} showMissing={touched} />
      {real ? (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
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
                  {objectLabel(o)}
                </MenuItem>
              ))}
            </Select>
            {described.isFetching ? <FormHelperText>Reading what {label} offers…</FormHelperText> : null}
          </FormControl>
          {needsProject ? (
            <ProjectField
              connectionId={real}
              value={project}
              onChange={setProject}
              error={projectError}
              help="The PlanGrid project uid (from the project URL)"
            />
          ) : null}
        </Box>
      ) : null}
      <StepActions
        onBack={onBack}
        onNext={next}
        busy={source.isLoading || destination.isLoading}
        error={source.error ?? destination.error}
      />
    </Box>
  );
}
