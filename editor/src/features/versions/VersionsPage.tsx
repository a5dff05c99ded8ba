import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  InputLabel,
  MenuItem,
  Paper,
  Select,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { errorCode, errorDetails, errorMessage } from '../../api/base';
import {
  useIntegrationQuery,
  usePlanDiffQuery,
  usePlanVersionsQuery,
  useRollbackMutation,
} from '../../api/integrations';
import type { IntegrationSummary, PlanVersion, Problem } from '../../api/types';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../components/format';
import { ProblemList } from '../../components/ProblemList';
import { ChangeList } from './ChangeList';
import { DraftStatus } from './DraftStatus';
import { OverlapDialog } from './OverlapDialog';
import { PublishButton } from './PublishButton';

type Side = number | 'draft';
const sideLabel = (side: Side) => (side === 'draft' ? 'the draft' : `version ${side}`);

/** The pair compared first: the live version against a differing draft, else the newest two versions. */
function defaultPair(integration: IntegrationSummary, versions: PlanVersion[]): [Side, Side] | null {
  const [newest, previous] = versions;
  if (!newest) return null;
  if (integration.draft.differs) return [integration.liveVersion ?? newest.version, 'draft'];
  return previous ? [previous.version, newest.version] : [newest.version, 'draft'];
}

function SidePicker({
  label,
  value,
  versions,
  onChange,
}: {
  label: string;
  value: Side;
  versions: PlanVersion[];
  onChange: (side: Side) => void;
}) {
  const id = `compare-${label.toLowerCase()}`;
  return (
    <FormControl size="small" sx={{ minWidth: 200 }}>
      <InputLabel id={id}>{label}</InputLabel>
      <Select
        labelId={id}
        label={label}
        value={String(value)}
        onChange={(e) => onChange(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}
      >
        {versions.map((v) => (
          <MenuItem key={v.version} value={String(v.version)}>
            Version {v.version}
          </MenuItem>
        ))}
        <MenuItem value="draft">Draft</MenuItem>
      </Select>
    </FormControl>
  );
}

/** A readable diff between two versions, or a version and the draft: by node, and by field. */
function Compare({
  integration,
  versions,
  pair,
  onPair,
}: {
  integration: IntegrationSummary;
  versions: PlanVersion[];
  pair: [Side, Side];
  onPair: (pair: [Side, Side]) => void;
}) {
  const [from, to] = pair;
  const diff = usePlanDiffQuery({ id: integration.id, from, to });
  return (
    <Paper variant="outlined" sx={{ p: 2 }} component="section" aria-label="Compare versions">
      <Typography variant="h6" component="h2" sx={{ mb: 2 }}>
        Compare
      </Typography>
      <Box sx={{ display: 'flex', gap: 2, mb: 2, alignItems: 'center', flexWrap: 'wrap' }}>
        <SidePicker label="From" value={from} versions={versions} onChange={(side) => onPair([side, to])} />
        <Typography>→</Typography>
        <SidePicker label="To" value={to} versions={versions} onChange={(side) => onPair([from, side])} />
      </Box>
      <PageState loading={diff.isFetching} error={diff.error}>
        <Typography variant="subtitle2" sx={{ mb: 1 }}>
          From {sideLabel(from)} to {sideLabel(to)}
        </Typography>
        <ChangeList changes={diff.data?.changes ?? []} label="Differences" />
      </PageState>
    </Paper>
  );
}

/** Every published version with who and when, the live one marked, a diff between any two, roll back. */
export function VersionsPage() {
  const { id = '' } = useParams();
  // Versions and the draft as they are now (another tab may have published or saved since).
  const integration = useIntegrationQuery(id, { refetchOnMountOrArgChange: true });
  const versions = usePlanVersionsQuery(id, { refetchOnMountOrArgChange: true });
  const canEdit = useCan('integrations:edit');
  const [rollback, rolling] = useRollbackMutation();
  const [chosen, setChosen] = useState<[Side, Side] | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [overlap, setOverlap] = useState<{ message: string; version: number } | null>(null);
  const items = versions.data?.items ?? [];
  const summary = integration.data;
  const pair = chosen ?? (summary ? defaultPair(summary, items) : null);
  const newest = items[0]?.version ?? 0;
  const liveHash = items.find((v) => v.version === summary?.liveVersion)?.hash;

  const rollBack = async (version: number, confirmOverlap = false) => {
    setConfirm(null);
    setOverlap(null);
    setDone(null);
    const result = await rollback({ id, version, confirmOverlap });
    if (errorCode(result.error) === 'overlap') setOverlap({ message: errorMessage(result.error), version });
    if (result.data) {
      const live = result.data.liveVersion ?? result.data.planVersion;
      setDone(`Version ${live} is live: the content of version ${version}. The draft is the same.`);
      // What the roll back changed: the version live before it against the new one.
      setChosen([summary?.liveVersion ?? version, live ?? 'draft']);
    }
  };

  return (
    <>
      <PageHeader title={`Versions: ${summary?.title ?? ''}`}>
        <Button component={RouterLink} to={`/integrations/${id}/canvas`}>
          Open the canvas
        </Button>
      </PageHeader>
      <PageState
        loading={integration.isLoading || versions.isLoading}
        error={integration.error ?? versions.error}
      >
        {summary ? (
          <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
            <DraftStatus
              integration={summary}
              versionsLink={false}
              action={
                summary.liveVersion !== null && summary.draft.differs ? (
                  <PublishButton integrationId={id} variant="outlined" />
                ) : null
              }
            />
            {done ? (
              <Alert severity="success" role="status" onClose={() => setDone(null)}>
                {done}
              </Alert>
            ) : null}
            {rolling.error && errorCode(rolling.error) !== 'overlap' ? (
              <Alert severity="error">
                {errorCode(rolling.error) === 'flow_invalid'
                  ? 'Not rolled back: that version no longer compiles against the systems as they are now.'
                  : errorMessage(rolling.error)}
                {errorCode(rolling.error) === 'flow_invalid' ? (
                  <ProblemList problems={errorDetails<Problem[]>(rolling.error, 'problems') ?? []} />
                ) : null}
              </Alert>
            ) : null}
            <OverlapDialog
              message={overlap?.message ?? null}
              confirmLabel="Roll back anyway"
              onConfirm={() => overlap && void rollBack(overlap.version, true)}
              onCancel={() => setOverlap(null)}
            />
            {items.length === 0 ? (
              <Typography color="text.secondary">
                No version yet: publishing the draft makes version 1.
              </Typography>
            ) : (
              <TableContainer component={Paper}>
                <Table aria-label="Versions" size="small">
                  <TableHead>
                    <TableRow>
                      <TableCell>Version</TableCell>
                      <TableCell>Published by</TableCell>
                      <TableCell>When</TableCell>
                      <TableCell>Note</TableCell>
                      <TableCell align="right">Actions</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {items.map((v) => {
                      const live = v.version === summary.liveVersion;
                      // A version with the live one's content: rolling back to it would change nothing.
                      const sameAsLive = !live && v.hash === liveHash;
                      return (
                        <TableRow key={v.version} selected={live}>
                          <TableCell>
                            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                              <Typography sx={{ fontWeight: 600 }}>Version {v.version}</Typography>
                              {live ? <Chip size="small" color="success" label="Live" /> : null}
                            </Box>
                          </TableCell>
                          <TableCell>{v.createdBy?.name ?? '—'}</TableCell>
                          <TableCell>{formatTime(v.createdAt)}</TableCell>
                          <TableCell>
                            {v.rolledBackFrom !== null ? `Rolled back from version ${v.rolledBackFrom}` : ''}
                          </TableCell>
                          <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                            <Button
                              size="small"
                              onClick={() =>
                                setChosen(v.version > 1 ? [v.version - 1, v.version] : [v.version, 'draft'])
                              }
                            >
                              {v.version > 1 ? 'What changed' : 'Compare with the draft'}
                            </Button>
                            {sameAsLive ? (
                              <Typography
                                component="span"
                                variant="body2"
                                color="text.secondary"
                                sx={{ ml: 1 }}
                              >
                                Same as the live version
                              </Typography>
                            ) : null}
                            {canEdit && !live && !sameAsLive ? (
                              <Button
                                size="small"
                                color="warning"
                                onClick={() => setConfirm(v.version)}
                                disabled={rolling.isLoading}
                              >
                                Roll back to version {v.version}
                              </Button>
                            ) : null}
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </TableContainer>
            )}
            {pair ? <Compare integration={summary} versions={items} pair={pair} onPair={setChosen} /> : null}
            <Dialog open={confirm !== null} onClose={() => setConfirm(null)} aria-labelledby="rollback-title">
              <DialogTitle id="rollback-title">Roll back to version {confirm}?</DialogTitle>
              <DialogContent>
                <DialogContentText>
                  Version {confirm}’s flow is published again as version {newest + 1} and the next run uses
                  it. The draft becomes the same
                  {summary.draft.differs ? ': its unpublished changes are replaced' : ''}. Every version stays
                  here.
                </DialogContentText>
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirm(null)}>Cancel</Button>
                <Button
                  color="warning"
                  variant="contained"
                  onClick={() => confirm !== null && void rollBack(confirm)}
                >
                  Roll back
                </Button>
              </DialogActions>
            </Dialog>
          </Box>
        ) : null}
      </PageState>
    </>
  );
}
