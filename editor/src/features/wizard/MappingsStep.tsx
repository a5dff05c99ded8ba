import { Box } from '@mui/material';
import { useState } from 'react';
import { useSaveMappingsMutation, type MappingRow } from '../../api/integrations';
import type { IntegrationView } from '../../api/types';
import { configOf } from '../../components/flow';
import { MappingTable, rowProblem } from '../../components/MappingTable';
import { useObjects } from '../../components/useObjects';
import { FlowOutline } from './FlowOutline';
import { StepActions } from './StepActions';

const rowsOf = (value: unknown): MappingRow[] => (Array.isArray(value) ? (value as MappingRow[]) : []);

/** Step 4: what to send on create (POST) and on update (PATCH), fed by the connections' describe. */
export function MappingsStep({
  integration,
  onBack,
  onDone,
}: {
  integration: IntegrationView;
  onBack: () => void;
  onDone: () => void;
}) {
  const config = configOf(integration.flow, 'field-map');
  const [create, setCreate] = useState(rowsOf(config.create));
  const [update, setUpdate] = useState(rowsOf(config.update));
  const [touched, setTouched] = useState(false);
  const [save, saved] = useSaveMappingsMutation();
  const objects = useObjects(integration.flow);
  const targetFields = objects.destination?.fields ?? [];
  const sourceFields = objects.source?.fields ?? [];

  const next = async () => {
    setTouched(true);
    if ([...create, ...update].some((row) => rowProblem(row))) return;
    if ('data' in (await save({ id: integration.id, create, update }))) onDone();
  };

  return (
    <Box sx={{ maxWidth: 960 }}>
      <FlowOutline flow={integration.flow} />
      <MappingTable
        label="Create (POST)"
        rows={create}
        onChange={setCreate}
        targetFields={targetFields}
        sourceFields={sourceFields}
        showErrors={touched}
      />
      <MappingTable
        label="Update (PATCH)"
        rows={update}
        onChange={setUpdate}
        targetFields={targetFields}
        sourceFields={sourceFields}
        showErrors={touched}
      />
      <StepActions onBack={onBack} onNext={next} busy={saved.isLoading} error={saved.error} />
    </Box>
  );
}
