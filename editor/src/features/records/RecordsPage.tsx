import { Box, FormControl, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useIntegrationsQuery } from '../../api/integrations';
import { useRecordsQuery } from '../../api/records';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { Pager } from '../../components/paging/Pager';
import { pageShown, useListPage } from '../../components/paging/useListPage';
import { RecordsTable } from './RecordsTable';

const STATUSES = ['initiated', 'update-request', 'skipped', 'pushed', 'linked', 'updated', 'failed'];

export function RecordsPage() {
  const list = useListPage({ filters: ['integrationId', 'status', 'q'] as const });
  const { integrationId = '', status = '', q = '' } = list.filter;
  const [text, setText] = useState(q);
  const [shown, setShown] = useState(q);
  const typing = useRef<ReturnType<typeof setTimeout>>(undefined);
  // The search came from the URL (Back, a link): the box shows it.
  if (q !== shown) {
    setShown(q);
    if (q !== text.trim()) setText(q);
  }
  useEffect(() => () => clearTimeout(typing.current), []);
  /** The search goes in the URL (and back to the first page) once the typing pauses. */
  const search = (value: string) => {
    setText(value);
    clearTimeout(typing.current);
    typing.current = setTimeout(() => list.setFilter('q', value.trim()), 300);
  };
  const { data: integrations } = useIntegrationsQuery();
  const { data, loading, error } = pageShown(useRecordsQuery({ ...list.filter, ...list.request }));
  const set = list.setFilter;
  const records = data?.items ?? [];
  return (
    <>
      <PageHeader title="Records" />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          label="Search records"
          placeholder="Source id, work order number or text"
          value={text}
          onChange={(e) => search(e.target.value)}
          sx={{ minWidth: 320 }}
        />
        <FormControl size="small" sx={{ minWidth: 240 }}>
          <InputLabel id="records-integration-label">Integration</InputLabel>
          <Select
            labelId="records-integration-label"
            label="Integration"
            value={integrationId}
            onChange={(e) => set('integrationId', e.target.value)}
          >
            <MenuItem value="">All integrations</MenuItem>
            {(integrations?.items ?? []).map((i) => (
              <MenuItem key={i.id} value={i.id}>
                {i.title}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
        <FormControl size="small" sx={{ minWidth: 180 }}>
          <InputLabel id="records-status-label">Status</InputLabel>
          <Select
            labelId="records-status-label"
            label="Status"
            value={status}
            onChange={(e) => set('status', e.target.value)}
          >
            <MenuItem value="">Any status</MenuItem>
            {STATUSES.map((s) => (
              <MenuItem key={s} value={s}>
                {s}
              </MenuItem>
            ))}
          </Select>
        </FormControl>
      </Box>
      <PageState loading={loading} error={error} empty={records.length === 0} emptyText="No records match.">
        <Pager list={list} page={data} label="Records" />
        <RecordsTable records={records} linkTo={(id) => `/records/${id}`} />
      </PageState>
    </>
  );
}
