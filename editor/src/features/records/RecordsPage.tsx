import { Box, TextField } from '@mui/material';
import { useEffect, useRef, useState } from 'react';
import { useIntegrationsQuery } from '../../api/integrations';
import { useRecordsQuery } from '../../api/records';
import { asOptions, FilterSelect } from '../../components/FilterSelect';
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
        <FilterSelect
          id="records-integration"
          label="Integration"
          value={integrationId}
          onChange={(value) => set('integrationId', value)}
          anyLabel="All integrations"
          options={(integrations?.items ?? []).map((i) => ({ value: i.id, label: i.title }))}
          minWidth={240}
        />
        <FilterSelect
          id="records-status"
          label="Status"
          value={status}
          onChange={(value) => set('status', value)}
          anyLabel="Any status"
          options={asOptions(STATUSES)}
          minWidth={180}
        />
      </Box>
      <PageState loading={loading} error={error} empty={records.length === 0} emptyText="No records match.">
        <Pager list={list} page={data} label="Records" />
        <RecordsTable records={records} linkTo={(id) => `/records/${id}`} />
      </PageState>
    </>
  );
}
