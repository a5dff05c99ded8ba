import { Box, Link, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import type { RecordEvent } from '../../api/types';

const describe = (event: RecordEvent): string =>
  event.kind === 'source-status'
    ? `Source status ${event.from ?? '—'} → ${event.to}`
    : event.from === null
      ? `Pulled (new) → ${event.to}`
      : `${event.from} → ${event.to}`;

/** A link names the existing destination record it matched and the key it was found by. */
function linkedTo(detail: Record<string, unknown>): string {
  const record = String(detail.destinationNumber ?? detail.destinationId ?? 'a destination record');
  const match = detail.matchedBy as { field?: unknown; value?: unknown } | undefined;
  return match && typeof match.field === 'string'
    ? `Linked to the existing ${record}: its ${match.field} is "${String(match.value)}".`
    : `Linked to the existing ${record}.`;
}

const COLORS: Record<string, string> = {
  pushed: 'success.main',
  linked: 'secondary.dark',
  updated: 'success.main',
  failed: 'error.main',
  skipped: 'grey.500',
};

/** A record's life, oldest first: each event with its exact timestamp and the run it happened in. */
export function Timeline({ events, linkRuns = true }: { events: RecordEvent[]; linkRuns?: boolean }) {
  if (events.length === 0) return <Typography color="text.secondary">No events yet.</Typography>;
  return (
    <Box component="ol" aria-label="Timeline" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      {events.map((event) => (
        <Box
          component="li"
          key={event.id}
          data-testid="timeline-event"
          sx={{ display: 'flex', gap: 2, pb: 2, position: 'relative' }}
        >
          <Box sx={{ display: 'flex', flexDirection: 'column', alignItems: 'center' }}>
            <Box
              sx={{
                width: 14,
                height: 14,
                borderRadius: '50%',
                mt: 0.5,
                bgcolor:
                  event.kind === 'source-status' ? 'secondary.main' : (COLORS[event.to] ?? 'primary.main'),
              }}
            />
            <Box sx={{ flex: 1, width: 2, bgcolor: 'divider', mt: 0.5 }} />
          </Box>
          <Box>
            <Typography sx={{ fontWeight: 600 }}>{describe(event)}</Typography>
            <Typography variant="body2" color="text.secondary">
              <time dateTime={event.at}>{event.at.replace('T', ' ').replace('Z', ' UTC')}</time>
              {event.runId ? (
                <>
                  {' · '}
                  {linkRuns ? (
                    <Link component={RouterLink} to={`/runs/${event.runId}`}>
                      run {event.runId.slice(0, 8)}
                    </Link>
                  ) : (
                    `run ${event.runId.slice(0, 8)}`
                  )}
                </>
              ) : null}
            </Typography>
            {typeof event.detail.message === 'string' ? (
              <Typography variant="body2" color={event.to === 'failed' ? 'error' : 'text.primary'}>
                {event.detail.message}
              </Typography>
            ) : null}
            {event.kind === 'lifecycle' && event.to === 'linked' ? (
              <Typography variant="body2">{linkedTo(event.detail)}</Typography>
            ) : null}
            {typeof event.detail.reason === 'string' ? (
              <Typography variant="body2">Why: {event.detail.reason}</Typography>
            ) : null}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
