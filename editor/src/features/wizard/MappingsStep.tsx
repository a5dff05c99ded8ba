import { Alert, Box } from '@mui/material';
import { useState } from 'react';
import { usePreviewExpressionMutation } from '../../api/expressions';
import { useSaveMappingsMutation, type MappingRow } from '../../api/integrations';
import type { IntegrationView } from '../../api/types';
import { configOf } from '../../components/flow';
import { MappingTable, rowProblem } from '../../components/MappingTable';
import { useObjects } from '../../components/useObjects';
import { FlowOutline } from './FlowOutline';
import { StepActions } from './StepActions';

const rowsOf = (value: unknown): MappingRow[] => (Array.isArray(value) ? (value as MappingRow[]) : []);

/** An expression that does not parse, named by its table, row and destination field. */
interface SyntaxProblem {
  table: 'create' | 'update';
  index: number;
  message: string;
}

const TABLE_LABELS = { create: 'Create (POST)', update: 'Update (PATCH)' } as const;

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
  const [preview] = usePreviewExpressionMutation();
  const [syntax, setSyntax] = useState<SyntaxProblem[]>([]);
  const objects = useObjects(integration.flow);
  const targetFields = objects.destination?.fields ?? [];
  const sourceFields = objects.source?.fields ?? [];

  /** The server's parser judges each expression (the one that runs them), on an empty record. */
  const unparsed = async (): Promise<SyntaxProblem[]> => {
    const found: SyntaxProblem[] = [];
    for (const [table, rows] of [
      ['create', create],
      ['update', update],
    ] as const) {
      for (const [index, row] of rows.entries()) {
        if (row.value.kind !== 'expression' || row.value.expression.trim() === '') continue;
        const answer = await preview({ expression: row.value.expression, record: {} });
        if (answer.data && !answer.data.ok && answer.data.error.kind === 'syntax')
          found.push({ table, index, message: answer.data.error.message });
      }
    }
    return found;
  };
  const errorsOf = (table: 'create' | 'update') =>
    Object.fromEntries(
      syntax.filter((p) => p.table === table).map((p) => [p.index, `Does not parse: ${p.message}`]),
    );
  const rowsIn = { create, update };
  const fieldOf = (p: SyntaxProblem) => rowsIn[p.table][p.index]?.target || `row ${p.index + 1}`;

  const next = async () => {
    setTouched(true);
    if ([...create, ...update].some((row) => rowProblem(row))) return;
    const found = await unparsed();
    setSyntax(found);
    if (found.length > 0) return;
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
        integrationId={integration.id}
        rowErrors={errorsOf('create')}
      />
      <MappingTable
        label="Update (PATCH)"
        rows={update}
        onChange={setUpdate}
        targetFields={targetFields}
        sourceFields={sourceFields}
        showErrors={touched}
        integrationId={integration.id}
        rowErrors={errorsOf('update')}
      />
      {syntax.length > 0 ? (
        <Alert severity="error" role="alert">
          Not saved: fix the expressions that do not parse first.
          <ul>
            {syntax.map((p) => (
              <li key={`${p.table}-${p.index}`}>
                {fieldOf(p)} ({TABLE_LABELS[p.table]}): {p.message}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <StepActions onBack={onBack} onNext={next} busy={saved.isLoading} error={saved.error} />
    </Box>
  );
}
