import { Alert, Box, Button, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { errorCode, errorDetails, errorMessage } from '../../api/base';
import { useCompileFlowMutation, useIntegrationActionMutation } from '../../api/integrations';
import { useRunIntegrationMutation } from '../../api/runs';
import type { IntegrationSummary, Problem } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ProblemList } from '../../components/ProblemList';
import { TestRunButton } from '../../components/test-run/TestRunButton';
import { TestRunOutput } from '../../components/test-run/TestRunOutput';
import { useLiveTest } from '../../components/test-run/useLiveTest';
import { DraftStatus } from '../versions/DraftStatus';
import { OverlapDialog } from '../versions/OverlapDialog';
import { PublishButton } from '../versions/PublishButton';
import { stickyActions } from './StepActions';
import { FlowOutline } from './FlowOutline';

/** An interval in the largest whole unit: "day", "6 hours", "15 minutes", "90 seconds". */
export function everyText(seconds: number): string {
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const [size, unit] = units.find(([size]) => seconds % size === 0) ?? [1, 'second'];
  const count = seconds / size;
  return count === 1 ? unit : `${count} ${unit}s`;
}

/**
 * Review: what was set, the compile problems, whether the draft is what runs, then Publish (a new live
 * version of an integration already published), Activate (publishes a first version) and Run now.
 */
export function ReviewStep({ integration, onBack }: { integration: IntegrationSummary; onBack: () => void }) {
  const [compile, compiled] = useCompileFlowMutation();
  const [act, acted] = useIntegrationActionMutation();
  const [runIntegration, runAsked] = useRunIntegrationMutation();
  const [overlap, setOverlap] = useState<string | null>(null);
  const canOperate = useCan('integrations:operate');
  const navigate = useNavigate();
  const { id, flow, status, liveVersion } = integration;
  const test = useLiveTest(id);
  useEffect(() => {
    void compile({ id, flow });
  }, [compile, id, flow]);
  const problems = errorDetails<Problem[]>(acted.error, 'problems') ?? compiled.data?.problems ?? [];
  const active = status === 'active';
  const labelOf = (nodeId: string) => flow.nodes.find((n) => n.id === nodeId)?.data.label ?? nodeId;

  const activate = async (confirmOverlap = false) => {
    setOverlap(null);
    const action = status === 'paused' && liveVersion !== null ? 'resume' : 'activate';
    const result = await act({ id, action, ...(confirmOverlap && { confirmOverlap }) });
    if ('error' in result && errorCode(result.error) === 'overlap') setOverlap(errorMessage(result.error));
  };
  const runNow = async () => {
    const asked = await runIntegration(id);
    if ('data' in asked && asked.data) void navigate(`/runs/${asked.data.run.id}`);
  };

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 760 }}>
      <Typography variant="h6" component="h2">
        {integration.title}
      </Typography>
      <Typography color="text.secondary">{integration.description}</Typography>
      <FlowOutline flow={flow} />
      <Typography>
        Runs{' '}
        {integration.schedule.kind === 'interval'
          ? `every ${everyText(integration.schedule.everySeconds)}`
          : `on the cron ${integration.schedule.expression}`}{' '}
        ({integration.settings.timezone}); {integration.settings.statusMappings.length} status mappings.
      </Typography>
      {compiled.isLoading ? (
        <Typography>Checking the draft…</Typography>
      ) : (
        <ProblemList problems={problems} labelOf={labelOf} />
      )}
      {acted.error && errorCode(acted.error) !== 'overlap' ? (
        <Alert severity="error">{errorMessage(acted.error)}</Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
        <TestRunButton test={test} />
        <Typography variant="body2" color="text.secondary">
          Tries the draft on live source records and shows what each would become; nothing is written.
        </Typography>
      </Box>
      <TestRunOutput test={test} labelOf={labelOf} />
      <DraftStatus integration={integration} />
      {active ? (
        <Alert severity={integration.draft.differs ? 'info' : 'success'}>
          Active: live version {liveVersion} runs on schedule
          {integration.draft.differs ? '; the draft’s changes run once published.' : '.'}
        </Alert>
      ) : liveVersion !== null ? (
        <Alert severity="info">
          {status === 'paused' ? 'Paused' : 'Not running'}: live version {liveVersion} runs once activated.
        </Alert>
      ) : null}
      <Box sx={{ display: 'flex', gap: 1, mt: 2, ...stickyActions }}>
        <Button onClick={onBack}>Back</Button>
        {liveVersion !== null ? (
          <PublishButton
            integrationId={id}
            disabled={!integration.draft.differs}
            labelOf={labelOf}
            variant={active ? 'contained' : 'outlined'}
          />
        ) : null}
        {!active && canOperate ? (
          <Button variant="contained" onClick={() => void activate()} disabled={acted.isLoading}>
            {liveVersion === null ? 'Publish and activate' : 'Activate'}
          </Button>
        ) : null}
        {liveVersion !== null && canOperate ? (
          <Button variant="outlined" onClick={runNow} disabled={runAsked.isLoading}>
            Run now
          </Button>
        ) : null}
      </Box>
      <OverlapDialog
        message={overlap}
        confirmLabel="Activate anyway"
        onConfirm={() => void activate(true)}
        onCancel={() => setOverlap(null)}
      />
    </Box>
  );
}
