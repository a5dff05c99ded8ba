import { Box, Checkbox, Chip, Link, TableCell, TableRow, Typography } from '@mui/material';
import type { MouseEvent } from 'react';
import { Link as RouterLink } from 'react-router';
import type { ExceptionRow as Exception } from '../../api/types';
import { formatTime } from '../../components/format';
import { causeInBrief } from './cause';

/** Clicks on a row's own controls (its checkbox, its links) do not open the drawer. */
const own = (event: MouseEvent) => event.stopPropagation();

/** The record an exception is about: its source id and title, linking to its timeline. */
function RecordCell({ exception }: { exception: Exception }) {
  const record = exception.record;
  if (!record) return <>{exception.recordId ? 'a record no longer kept' : '—'}</>;
  return (
    <Box sx={{ minWidth: 200 }}>
      <Link component={RouterLink} to={`/records/${record.id}`} onClick={own}>
        {record.title ?? record.sourceId}
      </Link>
      <Typography variant="caption" component="div" color="text.secondary" noWrap title={record.sourceId}>
        {record.sourceId}
      </Typography>
    </Box>
  );
}

/** Open, or resolved: by a person, or by the run in which its record went through. */
function StateCell({ exception }: { exception: Exception }) {
  if (!exception.resolvedAt) return <Chip size="small" color="error" variant="outlined" label="Open" />;
  return (
    <Box>
      <Chip size="small" color="success" variant="outlined" label="Resolved" />{' '}
      {exception.resolvedByRunId ? (
        <Typography variant="caption">
          by{' '}
          <Link component={RouterLink} to={`/runs/${exception.resolvedByRunId}`} onClick={own}>
            a run
          </Link>
        </Typography>
      ) : (
        <Typography variant="caption">by hand</Typography>
      )}
    </Box>
  );
}

/** One row of the inbox: the cause first, its record, how often and when; the whole row opens the detail. */
export function ExceptionRow({
  exception,
  integration,
  chosen,
  onChoose,
  onOpen,
}: {
  exception: Exception;
  integration: string;
  chosen: boolean;
  onChoose: (chosen: boolean) => void;
  onOpen: () => void;
}) {
  const where = [
    exception.kind,
    exception.httpStatus ? `HTTP ${exception.httpStatus}` : null,
    exception.phase,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <TableRow
      hover
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(event) => {
        if (event.target === event.currentTarget && (event.key === 'Enter' || event.key === ' ')) {
          event.preventDefault();
          onOpen();
        }
      }}
      aria-label={`Exception: ${exception.cause}`}
      sx={{ cursor: 'pointer' }}
      data-testid="exception-row"
    >
      <TableCell padding="checkbox" onClick={own}>
        <Checkbox
          slotProps={{ input: { 'aria-label': `Select exception ${exception.cause}` } }}
          checked={chosen}
          onChange={(e) => onChoose(e.target.checked)}
        />
      </TableCell>
      <TableCell sx={{ minWidth: 280, maxWidth: 440 }}>
        <Typography
          variant="body2"
          title={exception.message}
          sx={{ display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' }}
        >
          {causeInBrief(exception.cause)}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {where}
          {exception.nodeId ? ` · node ${exception.nodeId}` : ''}
        </Typography>
      </TableCell>
      <TableCell sx={{ maxWidth: 280 }}>
        <RecordCell exception={exception} />
      </TableCell>
      <TableCell>{integration}</TableCell>
      <TableCell align="right">{exception.occurrences}</TableCell>
      <TableCell>{formatTime(exception.at)}</TableCell>
      <TableCell>{formatTime(exception.lastSeenAt)}</TableCell>
      <TableCell>
        <StateCell exception={exception} />
      </TableCell>
    </TableRow>
  );
}
