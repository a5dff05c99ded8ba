import { Box, FormControl, InputLabel, MenuItem, Select, TextField } from '@mui/material';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useIntegrationsQuery } from '../../api/integrations';
import { useRecordsQuery } from '../../api/records';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { RecordsTable } from './RecordsTable';

const STATUSES = ['initiated', 'update-request', 'skipped', 'pushed', 'linked', 'updated', 'failed'];

export function RecordsPage() {
  const [params, setParams] = useSearchParams();
  const integrationId = params.get('integrationId') ?? '';
  const status = params.get('status') ?? '';
  const [text, setText] = useState(params.get('q') ?? '');
  const [q, setQ] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), 300);
    return () => clearTimeout(timer);
  }, [text]);
  const { data: integrations } = useIntegrationsQuery();
  const { data, isLoading, isFetching, error } = useRecordsQuery({
    ...(integrationId && { integrationId }),
    ...(status && { status }),
    ...(q && { q }),
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };
  const records = data?.items ?? [];
  return (
    <>
      <PageHeader title="Records" />
      <Box sx={{ display: 'flex', gap: 2, mb: 2, flexWrap: 'wrap' }}>
        <TextField
          label="Search records"
          placeholder="Source id, work order number or text"
          value={text}
          onChange={(e) => setText(e.target.value)}
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
      <PageState
        loading={isLoading || (isFetching && records.length === 0)}
        error={error}
        empty={records.length === 0}
        emptyText="No records match."
      >
        <RecordsTable records={records} linkTo={(id) => `/records/${id}`} />
      </PageState>
    </>
  );
}
