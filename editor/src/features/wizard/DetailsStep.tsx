import { Box, TextField } from '@mui/material';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useCreateIntegrationMutation, useUpdateDetailsMutation } from '../../api/integrations';
import type { IntegrationView } from '../../api/types';
import { StepActions } from './StepActions';

/** Step 1: title and description. Creates the draft, which stays when the user leaves. */
export function DetailsStep({
  integration,
  onDone,
}: {
  integration?: IntegrationView | undefined;
  onDone: () => void;
}) {
  const [title, setTitle] = useState(integration?.title ?? '');
  const [description, setDescription] = useState(integration?.description ?? '');
  const [touched, setTouched] = useState(false);
  const [create, created] = useCreateIntegrationMutation();
  const [update, updated] = useUpdateDetailsMutation();
  const navigate = useNavigate();
  const titleError = touched && title.trim() === '' ? 'Give the integration a title' : '';

  const next = async () => {
    setTouched(true);
    if (title.trim() === '') return;
    if (integration) {
      if ('data' in (await update({ id: integration.id, title: title.trim(), description }))) onDone();
      return;
    }
    const result = await create({ title: title.trim(), description });
    if (result.data) navigate(`/integrations/${result.data.id}/wizard`, { replace: true });
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 560 }}>
      <TextField
        label="Title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={Boolean(titleError)}
        helperText={titleError || 'e.g. PlanGrid tasks → Nuvolo work orders'}
        required
        slotProps={{ htmlInput: { maxLength: 200 } }}
      />
      <TextField
        label="Description"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        multiline
        minRows={3}
        slotProps={{ htmlInput: { maxLength: 4000 } }}
      />
      <StepActions
        onNext={next}
        busy={created.isLoading || updated.isLoading}
        error={created.error ?? updated.error}
      />
    </Box>
  );
}
