import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';

interface Props {
  /** The API's warning naming the other integration, or null when closed. */
  message: string | null;
  /** What confirming does, e.g. "Publish anyway". */
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Another active integration syncs the same records into the same table: go on only when meant. */
export function OverlapDialog({ message, confirmLabel, onConfirm, onCancel }: Props) {
  return (
    <Dialog open={message !== null} onClose={onCancel} aria-labelledby="overlap-title">
      <DialogTitle id="overlap-title">Another integration writes the same records</DialogTitle>
      <DialogContent>
        <DialogContentText>{message}</DialogContentText>
        <DialogContentText sx={{ mt: 2 }}>
          Each would create its own destination record for every source record. Go on only if the other one is
          about to stop, or if this one links existing records instead of creating them.
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button color="warning" variant="contained" onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
