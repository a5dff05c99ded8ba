import { Alert, Button } from '@mui/material';
import { Link as RouterLink, useParams } from 'react-router';
import { errorMessage } from '../../api/base';
import { useCancelRunMutation, useRunQuery } from '../../api/runs';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { isUnfinished } from './progress';
import { RunTrace } from './RunTrace';
import { useReplay } from './useReplay';

export function RunPage() {
  const { id = '' } = useParams();
  const { data } = useRunQuery(id);
  const replay = useReplay();
  const [cancel, canceled] = useCancelRunMutation();
  const canReplay = useCan('records:replay');
  const canOperate = useCan('integrations:operate');
  const unfinished = isUnfinished(data);
  return (
    <>
      <PageHeader title="Run trace">
        {data ? (
          <Button component={RouterLink} to={`/records?integrationId=${data.integrationId}`}>
            Records
          </Button>
        ) : null}
        {canOperate && unfinished ? (
          <Button
            color="warning"
            variant="outlined"
            onClick={() => void cancel(id)}
            disabled={canceled.isLoading || canceled.data?.outcome === 'stopping'}
          >
            {data?.status === 'queued' ? 'Cancel run' : 'Stop run'}
          </Button>
        ) : null}
        {canReplay && data && data.counts.failed > 0 ? (
          <Button variant="outlined" disabled={replay.busy} onClick={() => replay.replayRun(id)}>
            Replay failed records
          </Button>
        ) : null}
      </PageHeader>
      {replay.outcome}
      {canceled.data?.outcome === 'stopping' && unfinished ? (
        <Alert severity="info">
          Stopping: the run ends after the batch in hand, keeping what it did; the next run carries on from
          there.
        </Alert>
      ) : null}
      {canceled.error ? <Alert severity="error">{errorMessage(canceled.error)}</Alert> : null}
      <RunTrace runId={id} />
    </>
  );
}
