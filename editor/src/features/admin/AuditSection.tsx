import {
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { useAuditQuery } from '../../api/admin';
import { PageState } from '../../components/PageState';
import { formatTime } from '../../components/format';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';

/** Tenant admin: who changed what in the tenant's configuration, newest first, page by page. */
export function AuditSection() {
  const list = useListPage({ name: 'audit', filters: ['action'] as const });
  const { action = '' } = list.filter;
  const { data, loading, error } = pageShown(useAuditQuery({ ...list.filter, ...list.request }));
  const entries = data?.items ?? [];
  const [typed, setTyped] = useState(action);
  const commit = () => list.setFilter('action', typed.trim());
  return (
    <Paper sx={{ p: 2 }} component="section" aria-label="Audit log">
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        Audit log
      </Typography>
      <TextField
        size="small"
        label="Action"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        helperText="One action, e.g. integration.published; empty for all"
        sx={{ minWidth: 320, mb: 1 }}
      />
      <PageState loading={loading} error={error} empty={entries.length === 0} emptyText="Nothing recorded.">
        <Pager list={list} page={data} label="Audit log" />
        <Table size="small" aria-label="Audit log">
          <TableHead>
            <TableRow>
              <TableCell>When</TableCell>
              <TableCell>Who</TableCell>
              <TableCell>Action</TableCell>
              <TableCell>What</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {entries.map((entry) => (
              <TableRow key={entry.id}>
                <TableCell>{formatTime(entry.at)}</TableCell>
                <TableCell>{entry.actor.email ?? entry.actor.kind}</TableCell>
                <TableCell>{entry.action}</TableCell>
                <TableCell>{entry.summary}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </PageState>
    </Paper>
  );
}
