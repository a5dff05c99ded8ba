import { Alert, Box, Button, Chip, Paper, TextField, Typography } from '@mui/material';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/base';
import {
  useCreateTenantSystemMutation,
  useSaveTenantSystemMutation,
  useTenantSystemQuery,
} from '../../api/tenant-systems';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { BuilderFormFields } from './BuilderFormFields';
import { EndpointTests } from './EndpointTests';
import { ProblemPaths, problemsOf } from './ProblemPaths';
import { SystemVersions } from './SystemVersions';
import { applyForm, formOf, parseDefinition, STARTER, type BuilderForm } from './builder-form';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * The connector builder: a system's definition as a form and as JSON side by side (one edits the other),
 * a test per endpoint against the live API, and Save as a tenant system (each save a new version).
 */
export function BuilderPage() {
  const { id } = useParams();
  const existing = useTenantSystemQuery(id ?? '', { skip: !id });
  if (id && !existing.data)
    return (
      <PageState loading={existing.isLoading} error={existing.error}>
        {null}
      </PageState>
    );
  return <Builder key={id ?? 'new'} system={existing.data} />;
}

function Builder({ system }: { system: ReturnType<typeof useTenantSystemQuery>['data'] }) {
  const navigate = useNavigate();
  const [name, setName] = useState(system?.name ?? '');
  const [label, setLabel] = useState(system?.label ?? '');
  const [text, setText] = useState(pretty(system?.definition ?? STARTER));
  const [touched, setTouched] = useState(false);
  const [create, created] = useCreateTenantSystemMutation();
  const [save, saved] = useSaveTenantSystemMutation();
  const parsed = useMemo(() => parseDefinition(text), [text]);
  const definition = parsed.ok ? parsed.definition : null;
  // The form shows the last definition that parsed, so a half-typed JSON edit does not blank it.
  const [form, setForm] = useState<BuilderForm>(formOf(definition ?? STARTER));
  // A JSON edit redraws the form; a form edit keeps the form as typed (a trailing comma, a cleared field).
  const fromForm = useRef(false);
  useEffect(() => {
    if (fromForm.current) fromForm.current = false;
    else if (definition) setForm(formOf(definition));
  }, [definition]);

  const onForm = (next: BuilderForm) => {
    if (!definition) return;
    fromForm.current = true;
    setForm(next);
    setText(pretty(applyForm(definition, next)));
  };

  const nameError = touched && name.trim() === '' ? 'Name the system' : '';
  const labelError =
    touched && !/^[\p{L}\p{N}]{1,4}$/u.test(label.trim()) ? '1 to 4 letters or digits, e.g. FD' : '';
  const error = created.error ?? saved.error;
  const onSave = async () => {
    setTouched(true);
    if (!definition || name.trim() === '' || !/^[\p{L}\p{N}]{1,4}$/u.test(label.trim())) return;
    const input = { name: name.trim(), label: label.trim(), definition };
    const result = system ? await save({ id: system.id, ...input }) : await create(input);
    if (result.data && !system) navigate(`/systems/${result.data.id}`, { replace: true });
  };

  return (
    <Box>
      <PageHeader sticky title={system ? `System: ${system.name}` : 'New system'}>
        {system ? <Chip label={`version ${system.version}`} /> : null}
        <Button
          variant="contained"
          onClick={() => void onSave()}
          disabled={created.isLoading || saved.isLoading}
        >
          {system ? 'Save new version' : 'Save system'}
        </Button>
      </PageHeader>
      <Box sx={{ display: 'flex', gap: 2, mb: 2 }}>
        <TextField
          label="System name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={Boolean(nameError)}
          helperText={nameError || 'How the wizard and the canvas name it'}
          sx={{ flex: 2 }}
        />
        <TextField
          label="Short label"
          value={label}
          onChange={(e) => setLabel(e.target.value.toUpperCase())}
          error={Boolean(labelError)}
          helperText={labelError || 'Its icon: 1–4 letters'}
          sx={{ flex: 1 }}
        />
      </Box>
      {error ? (
        <Box sx={{ mb: 2, display: 'grid', gap: 1 }}>
          <Alert severity="error">{errorMessage(error)}</Alert>
          <ProblemPaths problems={problemsOf(error)} />
        </Box>
      ) : null}
      {saved.data ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          Saved version {saved.data.version}.
        </Alert>
      ) : null}
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)',
          gap: 2,
          alignItems: 'start',
        }}
      >
        <BuilderFormFields form={form} disabled={!definition} onChange={onForm} />
        <Box sx={{ position: 'sticky', top: 80 }}>
          <TextField
            label="Definition (JSON)"
            value={text}
            onChange={(e) => setText(e.target.value)}
            multiline
            fullWidth
            minRows={24}
            maxRows={40}
            error={!parsed.ok}
            helperText={parsed.ok ? 'The form and this JSON are one definition: edit either' : parsed.error}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
          />
        </Box>
      </Box>
      <Paper variant="outlined" sx={{ p: 2, mt: 3 }}>
        <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
          Test the endpoints
        </Typography>
        <EndpointTests definition={definition} form={form} />
      </Paper>
      {system ? <SystemVersions systemId={system.id} /> : null}
    </Box>
  );
}
