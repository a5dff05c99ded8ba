import { Alert, Box, Link, Snackbar } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { errorMessage } from '../../api/base';
import { useReplayRecordsMutation } from '../../api/records';
import { useLazyRunsQuery, useReplayRunMutation, useRunQuery, type ReplayAnswer } from '../../api/runs';
import { doneCount, isUnfinished, pollWhile } from './progress';

/** A replay asked for: how many records went back in line, and the run that takes them, per integration. */
interface Followed {
  requeued: number;
  runIds: string[];
}

/** One integration's replay run, followed until it ends: then what it pushed and what failed again. */
function ReplayRunOutcome({ runId }: { runId: string }) {
  const [unfinished, setUnfinished] = useState(true);
  const { data: run } = useRunQuery(runId, pollWhile(unfinished));
  if (run && isUnfinished(run) !== unfinished) setUnfinished(isUnfinished(run));
  if (!run || isUnfinished(run))
    return (
      <Alert severity="info" role="status">
        Replay {run?.status === 'running' ? 'running' : 'queued'}
        {run?.status === 'running' ? `: ${doneCount(run.counts)} done / ${run.counts.pulled} so far` : ''}…
      </Alert>
    );
  const pushed = run.counts.created + run.counts.linked + run.counts.updated + run.counts.recovered;
  const { failed, waiting } = run.counts;
  const ended = run.status === 'failed' || run.status === 'canceled';
  return (
    <Alert severity={failed === 0 && !ended ? 'success' : 'warning'} role="status">
      {run.status === 'canceled' ? 'Replay canceled' : 'Replay finished'}: {pushed} pushed, {failed} failed
      {run.status === 'failed' && run.error ? ` — ${run.error}` : ''}
      {/* A partial run here is about the integration's other records, still waiting for their retry. */}
      {waiting > 0 ? `; ${waiting} of the integration's records still wait` : ''} (
      <Link component={RouterLink} to={`/runs/${run.id}`}>
        the run
      </Link>
      )
    </Alert>
  );
}

/**
 * Replays records or a run's failed records, and says the outcome when the replay ends: the answer tells
 * which integrations got records back in line; the newest run of each is the one that takes them (a new
 * replay run, or the run already queued), followed until it finishes.
 */
export function useReplay() {
  const [replayRecords, recordsState] = useReplayRecordsMutation();
  const [replayRun, runState] = useReplayRunMutation();
  const [newestRun] = useLazyRunsQuery();
  const [followed, setFollowed] = useState<Followed | null>(null);
  const [error, setError] = useState<unknown>(null);

  const follow = async (answer: ReplayAnswer) => {
    const runIds: string[] = [];
    for (const { integrationId } of answer.integrations) {
      const page = await newestRun({ integrationId, limit: 1 }, false).unwrap();
      if (page.items[0]) runIds.push(page.items[0].id);
    }
    setFollowed({ requeued: answer.requeued, runIds });
  };
  const start = async (asked: Promise<ReplayAnswer>) => {
    setFollowed(null);
    setError(null);
    try {
      await follow(await asked);
    } catch (refused) {
      setError(refused);
    }
  };

  const outcome = (
    <>
      <Snackbar
        open={Boolean(followed)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
        onClose={(_event, reason) => reason !== 'clickaway' && setFollowed(null)}
      >
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
          <Alert severity="info" onClose={() => setFollowed(null)}>
            {followed?.requeued === 0
              ? 'Nothing to replay: none of these records is failed any more.'
              : `${followed?.requeued} record${followed?.requeued === 1 ? '' : 's'} queued for replay.`}
          </Alert>
          {followed?.runIds.map((id) => (
            <ReplayRunOutcome key={id} runId={id} />
          ))}
        </Box>
      </Snackbar>
      {error ? (
        <Alert severity="error" sx={{ mb: 2 }} onClose={() => setError(null)}>
          {errorMessage(error)}
        </Alert>
      ) : null}
    </>
  );

  return {
    replayRecords: (recordIds: string[]) => void start(replayRecords(recordIds).unwrap()),
    replayRun: (runId: string) => void start(replayRun(runId).unwrap()),
    busy: recordsState.isLoading || runState.isLoading,
    /** The toast telling the outcome, and an error if the replay was refused: put it on the screen. */
    outcome,
  };
}
