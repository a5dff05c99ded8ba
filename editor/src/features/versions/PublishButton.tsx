import {
  Alert,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Snackbar,
} from '@mui/material';
import { useState } from 'react';
import { errorCode, errorDetails, errorMessage } from '../../api/base';
import { usePublishMutation } from '../../api/integrations';
import type { Problem } from '../../api/types';
import { useCan } from '../../app/permissions';
import { ProblemList } from '../../components/ProblemList';
import { OverlapDialog } from './OverlapDialog';

interface Props {
  integrationId: string;
  disabled?: boolean;
  /** Runs first (the canvas saves its unsaved changes); publishing stops when it answers false. */
  before?: () => Promise<boolean>;
  /** Names a problem's node; with onSelectNode a problem is clickable (the canvas focuses the node). */
  labelOf?: (nodeId: string) => string;
  onSelectNode?: (nodeId: string) => void;
  variant?: 'contained' | 'outlined';
}

type Outcome = { severity: 'success' | 'info' | 'error'; message: string };

/**
 * Publish: compiles the draft and makes it the live version. Refused with the problems per node (422),
 * asks before going on when another active integration writes the same records (409 overlap), and says
 * which version went live. Only for roles that may edit integrations (as the API asks).
 */
export function PublishButton({
  integrationId,
  disabled = false,
  before,
  labelOf,
  onSelectNode,
  variant = 'contained',
}: Props) {
  const canEdit = useCan('integrations:edit');
  const [publish, publishing] = usePublishMutation();
  const [problems, setProblems] = useState<Problem[] | null>(null);
  const [overlap, setOverlap] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (confirmOverlap: boolean) => {
    setOverlap(null);
    const result = await publish({ id: integrationId, confirmOverlap });
    if ('data' in result && result.data) {
      setOutcome({
        severity: 'success',
        message: `Version ${result.data.liveVersion ?? result.data.planVersion} is live: the next run uses it.`,
      });
      return;
    }
    const code = errorCode(result.error);
    if (code === 'flow_invalid') setProblems(errorDetails<Problem[]>(result.error, 'problems') ?? []);
    else if (code === 'overlap') setOverlap(errorMessage(result.error));
    else
      setOutcome({
        severity: code === 'nothing_to_publish' ? 'info' : 'error',
        message: errorMessage(result.error),
      });
  };
  const onClick = async () => {
    setBusy(true);
    try {
      if (before && !(await before())) return;
      await send(false);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        variant={variant}
        color="secondary"
        onClick={() => void onClick()}
        disabled={disabled || !canEdit || busy || publishing.isLoading}
      >
        Publish
      </Button>
      <Dialog
        open={problems !== null}
        onClose={() => setProblems(null)}
        aria-labelledby="publish-refused"
        fullWidth
      >
        <DialogTitle id="publish-refused">Not published: the flow has problems</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 1 }}>
            The live version keeps running. Fix these, then publish again.
          </DialogContentText>
          <ProblemList
            problems={problems ?? []}
            {...(labelOf && { labelOf })}
            {...(onSelectNode && {
              onSelect: (nodeId: string) => {
                setProblems(null);
                onSelectNode(nodeId);
              },
            })}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setProblems(null)}>Close</Button>
        </DialogActions>
      </Dialog>
      <OverlapDialog
        message={overlap}
        confirmLabel="Publish anyway"
        onConfirm={() => void send(true)}
        onCancel={() => setOverlap(null)}
      />
      <Snackbar
        open={outcome !== null}
        autoHideDuration={outcome?.severity === 'error' ? null : 10_000}
        onClose={(_event, reason) => reason !== 'clickaway' && setOutcome(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity={outcome?.severity ?? 'success'}
          variant="filled"
          onClose={() => setOutcome(null)}
          role={outcome?.severity === 'error' ? 'alert' : 'status'}
        >
          {outcome?.message}
        </Alert>
      </Snackbar>
    </>
  );
}
