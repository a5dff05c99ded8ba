import {
  Box,
  Checkbox,
  FormControl,
  FormControlLabel,
  InputLabel,
  MenuItem,
  Select,
  TextField,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import type { AuthKind, BuilderForm, PagingKind } from './builder-form';

interface Props {
  form: BuilderForm;
  disabled: boolean;
  onChange: (form: BuilderForm) => void;
}

const AUTH_KINDS: Record<AuthKind, string> = {
  none: 'None',
  basic: 'Basic (user name and password)',
  bearer: 'Bearer token',
  'api-key': 'API key in a header',
};

const PAGING: Record<PagingKind, string> = {
  none: 'None (one request answers all)',
  offset: 'Offset and limit',
  page: 'Page number and size',
  'next-url': 'Next-page URL in the body',
  'link-header': 'Link header (rel="next")',
};

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box
      component="fieldset"
      sx={{ border: 1, borderColor: 'divider', borderRadius: 1, p: 2, display: 'grid', gap: 1.5 }}
    >
      <Typography component="legend" variant="subtitle2" sx={{ px: 1 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** The common parts of a connector definition as a form; the JSON beside it holds the rest. */
export function BuilderFormFields({ form, disabled, onChange }: Props) {
  const text = (key: keyof BuilderForm, label: string, helperText?: string) => (
    <TextField
      size="small"
      label={label}
      value={form[key] as string}
      disabled={disabled}
      helperText={helperText}
      onChange={(e) => onChange({ ...form, [key]: e.target.value })}
    />
  );
  const select = <T extends string>(key: keyof BuilderForm, label: string, options: Record<T, string>) => (
    <FormControl size="small" disabled={disabled}>
      <InputLabel id={`builder-${key}-label`}>{label}</InputLabel>
      <Select
        labelId={`builder-${key}-label`}
        label={label}
        value={form[key] as string}
        onChange={(e) => onChange({ ...form, [key]: e.target.value })}
      >
        {Object.entries<string>(options).map(([value, name]) => (
          <MenuItem key={value} value={value}>
            {name}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
  const toggle = (key: 'create' | 'update', label: string) => (
    <FormControlLabel
      control={
        <Checkbox
          checked={form[key]}
          disabled={disabled}
          onChange={(e) => onChange({ ...form, [key]: e.target.checked })}
        />
      }
      label={label}
    />
  );
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Section title="Address and authentication">
        {text('baseUrl', 'Base URL', 'Where the builder tests; each connection has its own')}
        {select('authKind', 'Authentication', AUTH_KINDS)}
        {form.authKind === 'api-key' ? text('apiKeyHeader', 'API key header') : null}
      </Section>
      <Section title="Records">
        {text('object', 'Object (table or resource)', 'What {{object}} stands for in paths')}
        {text('objectLabel', 'Object label')}
        {text('fields', 'Fields', 'Comma separated; the wizard maps to these')}
        {text('idField', 'Record id field')}
      </Section>
      <Section title="List endpoint">
        {text('listPath', 'List path', 'e.g. /api/now/table/{{object}}')}
        {text('records', 'Record selector', 'A JSON path to the records, e.g. $.result')}
        {select('paging', 'Pagination', PAGING)}
        {form.paging === 'offset' || form.paging === 'page' ? (
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}>
            {text('offsetParam', form.paging === 'offset' ? 'Offset parameter' : 'Page parameter')}
            {text('limitParam', form.paging === 'offset' ? 'Limit parameter' : 'Page size parameter')}
          </Box>
        ) : null}
        {form.paging === 'next-url' ? text('nextPath', 'Next-page URL path', 'e.g. $.links.next') : null}
        {text('cursorField', 'Changed-at field', 'The field that tells when a record last changed')}
      </Section>
      <Section title="Correlation">
        <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}>
          {text('lookupParam', 'Lookup parameter', 'e.g. sysparm_query')}
          {text('lookupValue', 'Lookup value', 'e.g. {{field}}={{value}}')}
        </Box>
      </Section>
      <Section title="Writes">
        {toggle('create', 'Create records')}
        {form.create ? (
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1 }}>
            {text('createPath', 'Create path')}
            {text('createRecord', 'Created record at', 'e.g. $.result')}
          </Box>
        ) : null}
        {toggle('update', 'Update records')}
        {form.update ? (
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 2fr', gap: 1 }}>
            {select('updateMethod', 'Update method', { PATCH: 'PATCH', PUT: 'PUT', POST: 'POST' })}
            {text('updatePath', 'Update path', 'e.g. /api/now/table/{{object}}/{{id}}')}
          </Box>
        ) : null}
      </Section>
    </Box>
  );
}
