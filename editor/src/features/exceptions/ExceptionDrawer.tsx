import { Box, Button, Drawer, Link, Toolbar, Typography } from '@mui/material';
import { Link as RouterLink } from 'react-router';
import type { ExceptionRow as Exception } from '../../api/types';
import { formatTime } from '../../components/format';
import { ConflictDecision, conflictFieldOf } from './ConflictDecision';

interface Props {
  exception: Exception | null;
  onClose: () => void;
  /** Absent when the user may not replay records. */
  onReplay?: ((exception: Exception) => void) | undefined;
  /** Absent when the user may not resolve exceptions. */
  onResolve?: ((exception: Exception) => void) | undefined;
  /** Whether the user may decide a held two-way conflict (records:replay). */
  canDecide?: boolean;
}

/** One exception: its record, message, HTTP status, response snippet, how often, and its timeline. */
export function ExceptionDrawer({ exception, onClose, onReplay, onResolve, canDecide = false }: Props) {
  return (
    <Drawer anchor="right" open={Boolean(exception)} onClose={onClose}>
      {/* The app bar stays above drawers: the detail starts below it. */}
      <Toolbar />
      {exception ? (
        <Box
          sx={{
            width: 460,
            maxWidth: '100vw',
            p: 3,
            display: 'flex',
            flexDirection: 'column',
            gap: 1.5,
            overflowWrap: 'anywhere',
          }}
          role="region"
          aria-label="Exception detail"
        >
          <Typography variant="h6" component="h2">
            {exception.kind === 'conflict'
              ? 'Conflict held for review'
              : `${exception.kind} in ${exception.phase}`}
          </Typography>
          {exception.record ? (
            <Typography data-testid="exception-record">
              <strong>{exception.record.title ?? exception.record.sourceId}</strong>
              <br />
              <Typography variant="caption" color="text.secondary">
                source id {exception.record.sourceId}
              </Typography>
            </Typography>
          ) : null}
          <Typography>{exception.message}</Typography>
          {exception.kind === 'conflict' ? (
            exception.recordId ? (
              <ConflictDecision
                recordId={exception.recordId}
                integrationId={exception.integrationId}
                sourceField={conflictFieldOf(exception)}
                canDecide={canDecide}
              />
            ) : null
          ) : (
            <Typography>
              HTTP status: <strong data-testid="http-status">{exception.httpStatus ?? '—'}</strong>
            </Typography>
          )}
          <Typography variant="body2" color="text.secondary">
            {exception.occurrences === 1
              ? `Seen once, ${formatTime(exception.at)}`
              : `Seen ${exception.occurrences} times, first ${formatTime(exception.at)}, last ${formatTime(exception.lastSeenAt)}`}{' '}
            · node {exception.nodeId ?? '—'}
            {exception.runId ? (
              <>
                {' · '}
                <Link component={RouterLink} to={`/runs/${exception.runId}`}>
                  run
                </Link>
              </>
            ) : null}
          </Typography>
          {exception.responseSnippet ? (
            <Box
              component="pre"
              tabIndex={0}
              aria-label="Response"
              sx={{ bgcolor: 'grey.100', p: 1, fontSize: 12, overflow: 'auto', whiteSpace: 'pre-wrap' }}
            >
              {exception.responseSnippet}
            </Box>
          ) : null}
          {exception.recordId ? (
            <Link component={RouterLink} to={`/records/${exception.recordId}`}>
              The record and its timeline
            </Link>
          ) : null}
          <Typography data-testid="exception-state">
            {exception.resolvedAt ? `Resolved ${formatTime(exception.resolvedAt)}` : 'Open'}
            {exception.resolvedByRunId ? (
              <>
                {' by '}
                <Link component={RouterLink} to={`/runs/${exception.resolvedByRunId}`}>
                  the run its record went through in
                </Link>
              </>
            ) : null}
          </Typography>
          <Box sx={{ display: 'flex', gap: 1 }}>
            {onReplay && exception.kind !== 'conflict' ? (
              <Button variant="contained" disabled={!exception.recordId} onClick={() => onReplay(exception)}>
                Replay
              </Button>
            ) : null}
            {onResolve && exception.kind !== 'conflict' ? (
              <Button
                variant="outlined"
                disabled={Boolean(exception.resolvedAt)}
                onClick={() => onResolve(exception)}
              >
                Resolve
              </Button>
            ) : null}
            <Button onClick={onClose}>Close</Button>
          </Box>
        </Box>
      ) : null}
    </Drawer>
  );
}
