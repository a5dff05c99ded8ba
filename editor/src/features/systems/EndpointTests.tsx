import {
  Alert,
  Box,
  Button,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { errorMessage } from '../../api/base';
import {
  useTestDefinitionMutation,
  type DefinitionTest,
  type DefinitionTestResult,
  type RequestView,
} from '../../api/tenant-systems';
import { ProblemPaths, problemsOf } from './ProblemPaths';
import { TEST_CREDENTIALS, type BuilderForm, type Json } from './builder-form';

interface Props {
  definition: Json | null;
  form: BuilderForm;
}

const cell = (value: unknown) =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

function RequestLine({ label, request }: { label: string; request: RequestView }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography
        component="pre"
        aria-label={label}
        sx={{ m: 0, fontFamily: 'monospace', fontSize: 13, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {request.method} {request.url}
        {request.body !== undefined ? `\n${JSON.stringify(request.body, null, 2)}` : ''}
      </Typography>
    </Box>
  );
}

/** The first page's records, in a table: the id and the described fields first, then what else they hold. */
function RecordsTable({ records, first }: { records: Record<string, unknown>[]; first: string[] }) {
  const present = new Set(records.flatMap((r) => Object.keys(r)));
  const columns = [...new Set([...first.filter((f) => present.has(f)), ...present])].slice(0, 8);
  return (
    <TableContainer sx={{ maxHeight: 320, border: 1, borderColor: 'divider', borderRadius: 1 }}>
      <Table size="small" stickyHeader aria-label="Parsed records">
        <TableHead>
          <TableRow>
            {columns.map((column) => (
              <TableCell key={column}>{column}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {records.map((record, index) => (
            <TableRow key={index}>
              {columns.map((column) => (
                <TableCell
                  key={column}
                  sx={{ maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                >
                  {cell(record[column])}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function Result({ result, first }: { result: DefinitionTestResult; first: string[] }) {
  return (
    <Box sx={{ display: 'grid', gap: 1 }}>
      <Alert severity={result.ok ? 'success' : 'error'} role="status">
        {result.message}
      </Alert>
      {result.request ? <RequestLine label="Request" request={result.request} /> : null}
      {result.records ? <RecordsTable records={result.records} first={first} /> : null}
      {result.endpoint === 'list' && result.ok ? (
        result.next ? (
          <RequestLine label="Next request" request={result.next} />
        ) : (
          <Typography variant="body2">No next request: paging stops after this page.</Typography>
        )
      ) : null}
    </Box>
  );
}

/** "Test" per endpoint against the live API: the list's first page, or a write's preview (sent on confirm). */
export function EndpointTests({ definition, form }: Props) {
  const [credentials, setCredentials] = useState<Record<string, string>>({});
  const [sample, setSample] = useState('{}');
  const [recordId, setRecordId] = useState('');
  const [test, tested] = useTestDefinitionMutation();
  const [last, setLast] = useState<DefinitionTest | null>(null);
  const fields = TEST_CREDENTIALS[form.authKind];
  let sampleFields: Json | null = null;
  try {
    const parsed: unknown = JSON.parse(sample);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      sampleFields = parsed as Json;
  } catch {
    sampleFields = null;
  }
  const ready = definition !== null && form.baseUrl !== '';
  const run = (endpoint: DefinitionTest['endpoint'], confirm = false) => {
    if (!definition) return;
    const body: DefinitionTest = {
      definition,
      baseUrl: form.baseUrl,
      credentials: Object.fromEntries(fields.map((f) => [f.name, credentials[f.name] ?? ''])),
      endpoint,
      pageSize: 5,
      ...(endpoint !== 'list' && { fields: sampleFields ?? {}, confirm }),
      ...(endpoint === 'update' && recordId && { id: recordId }),
    };
    setLast(body);
    void test(body);
  };
  const result = tested.data;
  const write = result && result.endpoint !== 'list' && result.ok && !result.sent ? result.endpoint : null;
  return (
    <Box sx={{ display: 'grid', gap: 2 }}>
      <Typography variant="body2" color="text.secondary">
        Tests call the live API at the base URL, under your tenant&apos;s allowed addresses. The credentials
        are used for the test only and are not saved.
      </Typography>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
        {fields.map((field) => (
          <TextField
            key={field.name}
            size="small"
            label={field.label}
            type={field.secret ? 'password' : 'text'}
            autoComplete="off"
            value={credentials[field.name] ?? ''}
            onChange={(e) => setCredentials({ ...credentials, [field.name]: e.target.value })}
          />
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
        <Button variant="contained" disabled={!ready || tested.isLoading} onClick={() => run('list')}>
          Test list
        </Button>
        <Button
          variant="outlined"
          disabled={!ready || !form.create || tested.isLoading}
          onClick={() => run('create')}
        >
          Preview create
        </Button>
        <Button
          variant="outlined"
          disabled={!ready || !form.update || !recordId || tested.isLoading}
          onClick={() => run('update')}
        >
          Preview update
        </Button>
        {tested.isLoading ? <Typography variant="body2">Calling the API…</Typography> : null}
      </Box>
      {form.create || form.update ? (
        <Box sx={{ display: 'grid', gridTemplateColumns: '2fr 1fr', gap: 1 }}>
          <TextField
            size="small"
            label="Sample record (JSON) for writes"
            value={sample}
            multiline
            minRows={2}
            error={sampleFields === null}
            helperText={sampleFields === null ? 'Not a JSON object' : ' '}
            onChange={(e) => setSample(e.target.value)}
            slotProps={{ htmlInput: { style: { fontFamily: 'monospace' } } }}
          />
          <TextField
            size="small"
            label="Record id (update)"
            value={recordId}
            onChange={(e) => setRecordId(e.target.value)}
          />
        </Box>
      ) : null}
      {tested.error ? (
        <>
          <Alert severity="error">{errorMessage(tested.error)}</Alert>
          <ProblemPaths problems={problemsOf(tested.error)} />
        </>
      ) : null}
      {result ? (
        <Result
          result={result}
          first={[form.idField, ...form.fields.split(',').map((f) => f.trim())].filter(Boolean)}
        />
      ) : null}
      {write && last ? (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={() => run(write, true)}>
              Send it
            </Button>
          }
        >
          Nothing was sent. Sending this {write} changes the records of the live system.
        </Alert>
      ) : null}
    </Box>
  );
}
