import { Box, TextField } from '@mui/material';
import { asOptions, FilterSelect } from '../../components/FilterSelect';
import type { IntegrationSummary } from '../../api/types';

const KINDS = [
  'auth',
  'rate-limit',
  'validation',
  'mapping',
  'expression',
  'api-4xx',
  'api-5xx',
  'timeout',
  'network',
  'conflict',
];

/** The filters the inbox keeps in the URL. `resolved`: 'false' (open, the default), 'true' or 'any'. */
export const EXCEPTION_FILTERS = ['integrationId', 'nodeId', 'kind', 'from', 'to', 'resolved'] as const;
type Key = (typeof EXCEPTION_FILTERS)[number];

interface Props {
  filter: Partial<Record<Key, string>>;
  onChange: (key: Key, value: string) => void;
  integrations: IntegrationSummary[];
}

/** One of the log's filters, named after its label. */
const Pick = (props: Omit<Parameters<typeof FilterSelect>[0], 'id' | 'minWidth'>) => (
  <FilterSelect id={`exceptions-${props.label.replace(/\W+/g, '-')}`} minWidth={170} {...props} />
);

const dayStart = (day: string) => (day ? new Date(`${day}T00:00:00Z`).toISOString() : undefined);
const dayEnd = (day: string) =>
  day ? new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString() : undefined;

/** Date range, integration, node, kind and resolved: the exception log's filters. */
export function ExceptionFilters({ filter, onChange, integrations }: Props) {
  const set = (key: Key, value: string | undefined) => onChange(key, value ?? '');
  return (
    <Box
      sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', mb: 2 }}
      role="search"
      aria-label="Exception filters"
    >
      <TextField
        type="date"
        label="From"
        value={filter.from?.slice(0, 10) ?? ''}
        onChange={(e) => set('from', dayStart(e.target.value))}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <TextField
        type="date"
        label="To"
        value={filter.to ? new Date(Date.parse(filter.to) - 86_400_000).toISOString().slice(0, 10) : ''}
        onChange={(e) => set('to', dayEnd(e.target.value))}
        slotProps={{ inputLabel: { shrink: true } }}
      />
      <Pick
        label="Integration"
        value={filter.integrationId ?? ''}
        options={integrations.map((i) => ({ value: i.id, label: i.title }))}
        onChange={(v) => set('integrationId', v)}
      />
      <TextField
        label="Node"
        value={filter.nodeId ?? ''}
        onChange={(e) => set('nodeId', e.target.value.trim())}
      />
      <Pick
        label="Kind"
        value={filter.kind ?? ''}
        options={asOptions(KINDS)}
        onChange={(v) => set('kind', v)}
      />
      <Pick
        label="Resolved"
        value={filter.resolved ?? 'false'}
        anyValue="any"
        options={[
          { value: 'false', label: 'Open' },
          { value: 'true', label: 'Resolved' },
        ]}
        onChange={(v) => set('resolved', v)}
      />
    </Box>
  );
}
