import { Alert, Box } from '@mui/material';

/** An invitation link to send to the invited person (shown once). */
export function InviteLink({ url, onClose }: { url: string | null; onClose: () => void }) {
  if (!url) return null;
  return (
    <Alert severity="success" onClose={onClose} sx={{ mb: 2 }}>
      Send this invitation link:{' '}
      <Box component="code" sx={{ wordBreak: 'break-all' }}>
        {new URL(url, window.location.origin).href}
      </Box>
    </Alert>
  );
}
