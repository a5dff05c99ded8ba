import {
  FormControl,
  InputLabel,
  Link,
  MenuItem,
  Paper,
  Select,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
} from '@mui/material';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useIntegrationsQuery } from '../../api/integrations';
import { useRunsQuery } from '../../api/runs';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { StatusChip } from '../../components/StatusChip';
import { formatDuration, formatTime, runDuration } from '../../components/format';

export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const integrationId = params.get('integrationId') ?? '';
  const { data: integrations } = useIntegrationsQuery();
  const { data, isLoading, error } = useRunsQuery(integrationId ? { integrationId } : {}, {
    pollingInterval: 2000,
  });
  const titleOf = (id: string) => integrations?.items.find((i) => i.id === id)?.title ?? id;
  const runs = data?.items ?? [];
  return (
    <>
      <PageHeader title="Runs">
        <FormControl size="small" sx={{ minWidth: 260 }}>
          <InputLabel id="runs-integration-label">Integration</InputLabel>
          <Select
            labelId="runs-integration-label"
            label="Integration"
            value={integrationId}
            onChange={(e) => setParams(e.target.value ? { integrationId: e.target.value } : {})}
          >
            <MenuItem value="">All integrations</MenuItem>
            {(integrations?.items ?? []).map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {i.title}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </PageHeader>
      <PageState loading={isLoading} error={error} empty={runs.length === 0} emptyText="No runs yet.">
        <TableContainer component={Paper}>
          <Table aria-label="Runs">
            <TableHead>
              <TableRow>
                <TableCell>Started</TableCell>
                <TableCell>Integration</TableCell>
                <TableCell>Status</TableCell>
                <TableCell>Trigger</TableCell>
                <TableCell align="right">Pulled</TableCell>
                <TableCell align="right">Created</TableCell>
                <TableCell align="right">Linked</TableCell>
                <TableCell align="right">Updated</TableCell>
                <TableCell align="right">Skipped</TableCell>
                <TableCell align="right">Failed</TableCell>
                <TableCell align="right">Duration</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {runs.map((run) => (
                <TableRow key={run.id} hover>
                  <TableCell>
                    <Link component={RouterLink} to={`/runs/${run.id}`}>
                      {formatTime(run.startedAt)}
                    </Link>
                  </TableCell>
                  <TableCell>{titleOf(run.integrationId)}</TableCell>
                  <TableCell>
                    <StatusChip status={run.status} />
                  </TableCell>
                  <TableCell>{run.trigger}</TableCell>
                  <TableCell align="right">{run.counts.pulled}</TableCell>
                  <TableCell align="right">{run.counts.created}</TableCell>
                  <TableCell align="right">{run.counts.linked ?? 0}</TableCell>
                  <TableCell align="right">{run.counts.updated}</TableCell>
                  <TableCell align="right">{run.counts.skipped}</TableCell>
                  <TableCell align="right">{run.counts.failed}</TableCell>
                  <TableCell align="right">{formatDuration(runDuration(run))}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </PageState>
    </>
  );
}
