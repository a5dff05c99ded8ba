import { Box, Card, CardContent, Paper, Typography } from '@mui/material';
import { useMemo, type ReactNode } from 'react';
import { useInsightsQuery } from '../../api/insights';
import { EChart } from '../../components/EChart';
import { PageState } from '../../components/PageState';
import { formatDuration } from '../../components/format';
import { stackedByDay, topKinds } from './charts';

/** What a user calls an outcome: written to the destination, skipped or failed (not the pending states). */
const OUTCOMES = ['created', 'linked', 'updated', 'skipped', 'failed'];
/** `linked` only where the API counts it (matched to an existing destination record). */
const outcomesOf = (counts: Record<string, number>) =>
  Object.fromEntries(
    OUTCOMES.filter((key) => key !== 'linked' || key in counts).map((key) => [key, counts[key] ?? 0]),
  );

function Kpi({ label, value }: { label: string; value: string }) {
  return (
    <Card variant="outlined" sx={{ flex: 1, minWidth: 180 }}>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" aria-label={label}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

function Panel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper sx={{ p: 2 }} component="section" aria-label={title}>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

/** KPI cards and the three charts for a range (and optionally one integration). */
export function InsightsView({
  from,
  to,
  integrationId,
  zone,
  days,
}: {
  from: string;
  to: string;
  integrationId?: string;
  /** The time zone whose days the charts count (default UTC). */
  zone?: string;
  /** Every day of the range (`YYYY-MM-DD` in the zone): a day without activity is a zero bar. */
  days?: readonly string[];
}) {
  const { data, isLoading, error } = useInsightsQuery(
    { from, to, ...(integrationId && { integrationId }), ...(zone && { zone }) },
    { pollingInterval: 10_000 },
  );
  const records = useMemo(
    () =>
      stackedByDay(
        (data?.recordsByDay ?? []).map((d) => ({ day: d.day, counts: outcomesOf(d.outcomes) })),
        days,
      ),
    [data, days],
  );
  const runs = useMemo(
    () =>
      stackedByDay(
        (data?.runsByDay ?? []).map((d) => ({ day: d.day, counts: d.statuses })),
        days,
      ),
    [data, days],
  );
  const kinds = useMemo(() => topKinds(data?.topExceptionKinds ?? []), [data]);
  const totals = data?.totals;
  const recorded = totals?.records as Record<string, number> | undefined;
  const synced = (recorded?.created ?? 0) + (recorded?.linked ?? 0) + (recorded?.updated ?? 0);
  const failed = totals?.records.failed ?? 0;
  const empty = !totals || (totals.runs === 0 && synced === 0 && failed === 0);
  return (
    <PageState
      loading={isLoading}
      error={error}
      empty={empty}
      emptyText="Nothing ran in this range: no records, runs or exceptions to show."
    >
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap' }}>
          <Kpi label="Records synced" value={String(synced)} />
          <Kpi
            label="Success rate"
            value={synced + failed === 0 ? '—' : `${Math.round((synced / (synced + failed)) * 100)} %`}
          />
          <Kpi label="Average run time" value={formatDuration(totals?.averageRunMs)} />
          <Kpi label="Runs" value={String(totals?.runs ?? 0)} />
        </Box>
        <Panel title="Records synced per day by outcome">
          <EChart option={records} label="Records synced per day by outcome" />
        </Panel>
        <Box sx={{ display: 'grid', gridTemplateColumns: { md: '1fr 1fr' }, gap: 2 }}>
          <Panel title="Runs per day by status">
            <EChart option={runs} label="Runs per day by status" />
          </Panel>
          <Panel title="Top exception kinds">
            {(data?.topExceptionKinds.length ?? 0) === 0 ? (
              <Typography color="text.secondary" sx={{ p: 2 }}>
                No exceptions in this range.
              </Typography>
            ) : (
              <EChart option={kinds} label="Top exception kinds" />
            )}
          </Panel>
        </Box>
      </Box>
    </PageState>
  );
}
