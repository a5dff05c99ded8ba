import { Alert, Button } from '@mui/material';
import { Link as RouterLink, useParams } from 'react-router';
import { errorMessage } from '../../api/base';
import { useReplayRunMutation, useRunQuery } from '../../api/runs';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { RunTrace } from './RunTrace';

export function RunPage() {
  const { id = '' } = useParams();
  const { data } = useRunQuery(id);
  const [replay, replayed] = useReplayRunMutation();
  const canReplay = useCan('records:replay');
  return (
    <>
      <PageHeader title="Run trace">
        {data ? (
          <Button component={RouterLink} to={`/records?integrationId=${data.integrationId}`}>
            Records
          </Button>
        ) : null}
        {canReplay && data && data.counts.failed > 0 ? (
          <Button variant="outlined" onClick={() => void replay(id)}>
            Replay failed records
          </Button>
        ) : null}
      </PageHeader>
      {replayed.data ? (
        <Alert severity="success">{replayed.data.requeued} records queued again.</Alert>
      ) : null}
      {replayed.error ? <Alert severity="error">{errorMessage(replayed.error)}</Alert> : null}
      <RunTrace runId={id} />
    </>
  );
}
