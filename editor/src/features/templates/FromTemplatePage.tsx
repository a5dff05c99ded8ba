import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Paper,
  TextField,
  Typography,
} from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { NewConnection } from '../../api/connections';
import { useCreateFromTemplateMutation, useTemplatesQuery, type TemplateCard } from '../../api/templates';
import { DateRangeFields, rangeProblem, toIso, validZone } from '../../components/DateRangeFields';
import { FlowPicture } from '../../components/flow-diagram/FlowPicture';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { ConnectionPicker, useConnectionChoice } from '../connections/ConnectionPicker';
import { ProjectField } from '../connections/ProjectField';
import { StepActions } from '../wizard/StepActions';

const systemOf = (system: string) => system as NewConnection['system'];

/** What a template asks for: the two connections, the project and the date range; then to review. */
function TemplateForm({ template }: { template: TemplateCard }) {
  const navigate = useNavigate();
  const source = useConnectionChoice(systemOf(template.systems.source));
  const destination = useConnectionChoice(systemOf(template.systems.destination));
  const [title, setTitle] = useState(template.title);
  const [project, setProject] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [touched, setTouched] = useState(false);
  const [create, created] = useCreateFromTemplateMutation();
  const projectSetting = template.settings.find((s) => s.name === 'project');
  const titleError = touched && title.trim() === '' ? 'Name the integration' : '';
  const projectError =
    touched && project.trim() === '' ? `Pick the ${projectSetting?.label ?? 'project'}` : '';
  const zoneError = !validZone(timezone) ? 'Enter a time zone such as Europe/Paris' : '';

  const submit = async () => {
    setTouched(true);
    if (!source.connectionId || !destination.connectionId) return;
    if (title.trim() === '' || project.trim() === '' || zoneError || rangeProblem(from, to)) return;
    const result = await create({
      templateId: template.id,
      title: title.trim(),
      sourceConnectionId: source.connectionId,
      destinationConnectionId: destination.connectionId,
      project: project.trim(),
      dateRange: { from: toIso(from), to: toIso(to) },
      timezone,
    });
    if (result.data) navigate(`/integrations/${result.data.id}/wizard`);
  };

  return (
    <Box sx={{ display: 'grid', gap: 3, gridTemplateColumns: { md: 'minmax(0, 3fr) minmax(0, 2fr)' } }}>
      <Paper sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
        <TextField
          label="Title"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          error={Boolean(titleError)}
          helperText={titleError || ' '}
        />
        <Typography variant="subtitle1" component="h2">
          Source
        </Typography>
        <ConnectionPicker choice={source} idPrefix="source" showMissing={touched} />
        <ProjectField
          connectionId={source.connectionId}
          value={project}
          onChange={setProject}
          error={projectError}
          help={projectSetting?.help ?? 'The PlanGrid project uid (from the project URL)'}
        />
        <Typography variant="subtitle1" component="h2">
          Destination
        </Typography>
        <ConnectionPicker choice={destination} idPrefix="destination" showMissing={touched} />
        <Typography variant="subtitle1" component="h2">
          Settings
        </Typography>
        <DateRangeFields from={from} to={to} onFrom={setFrom} onTo={setTo} />
        <TextField
          label="Time zone"
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          error={Boolean(zoneError)}
          helperText={zoneError || ' '}
          sx={{ maxWidth: 320 }}
        />
        <StepActions
          onBack={() => navigate('/integrations/templates')}
          onNext={() => void submit()}
          nextLabel="Create and review"
          busy={created.isLoading}
          error={created.error}
        />
      </Paper>
      <Paper sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2, alignSelf: 'start' }}>
        <FlowPicture nodes={template.nodes} title={`The flow of ${template.title}`} />
        <Typography color="text.secondary">{template.description}</Typography>
        <Accordion disableGutters variant="outlined">
          <AccordionSummary expandIcon={<ExpandMore />}>What it syncs and why (README)</AccordionSummary>
          <AccordionDetails>
            <Typography
              component="pre"
              variant="body2"
              sx={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit', m: 0 }}
            >
              {template.readme}
            </Typography>
          </AccordionDetails>
        </Accordion>
      </Paper>
    </Box>
  );
}

/** Create from a template: asks only for the connections and the settings, then lands in review. */
export function FromTemplatePage() {
  const { templateId } = useParams();
  const { data, isLoading, error } = useTemplatesQuery();
  const template = data?.items.find((t) => t.id === templateId);
  return (
    <>
      <PageHeader title={template ? `From template: ${template.title}` : 'From a template'} />
      <PageState
        loading={isLoading}
        error={error}
        empty={!template}
        emptyText={`There is no template "${templateId ?? ''}": pick one in the gallery.`}
      >
        {template ? <TemplateForm template={template} /> : null}
      </PageState>
    </>
  );
}
