import { Alert, Box, Button, Typography } from '@mui/material';
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { errorDetails, errorMessage } from '../../api/base';
import { useCompileFlowMutation, useIntegrationActionMutation } from '../../api/integrations';
import type { IntegrationView, Problem } from '../../api/types';
import { ProblemList } from '../../components/ProblemList';
import { FlowOutline } from './FlowOutline';

/** Review: what was set, the compile problems, then Activate (and Run now once active). */
export function ReviewStep({ integration, onBack }: { integration: IntegrationView; onBack: () => void }) {
  const [compile, compiled] = useCompileFlowMutation();
  const [act, acted] = useIntegrationActionMutation();
  const navigate = useNavigate();
  const { id, flow } = integration;
  useEffect(() => {
    void compile({ id, flow });
  }, [compile, id, flow]);
  const problems = errorDetails<Problem[]>(acted.error, 'problems') ?? compiled.data?.problems ?? [];
  const active = integration.status === 'active';

  const runNow = async () => {
    if ('data' in (await act({ id, action: 'run' }))) navigate(`/runs?integrationId=${id}`);
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 760 }}>
      <Typography variant="h6" component="h2">
        {integration.title}
      </Typography>
      <Typography color="text.secondary">{integration.description}</Typography>
      <FlowOutline flow={flow} />
      <Typography>
        Runs every{' '}
        {integration.schedule.kind === 'interval'
          ? `${integration.schedule.everySeconds / 60} min`
          : integration.schedule.expression}{' '}
        ({integration.settings.timezone}); {integration.settings.statusMappings.length} status mappings.
      </Typography>
      {compiled.isLoading ? <Typography>Checking the flow…</Typography> : <ProblemList problems={problems} />}
      {acted.error ? <Alert severity="error">{errorMessage(acted.error)}</Alert> : null}
      {active ? (
        <Alert severity="success">Active: plan version {integration.planVersion} runs on schedule.</Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1 }}>
        <Button onClick={onBack}>Back</Button>
        <Button
          variant="contained"
          onClick={() => void act({ id, action: 'activate' })}
          disabled={acted.isLoading}
        >
          {active ? 'Activate again' : 'Activate'}
        </Button>
        {integration.planVersion !== null ? (
          <Button variant="outlined" onClick={runNow} disabled={acted.isLoading}>
            Run now
          </Button>
        ) : null}
      </Box>
    </Box>
  );
}
