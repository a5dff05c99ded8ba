import { autocompletion } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { EditorView } from '@codemirror/view';
import { Box, FormControl, InputLabel, MenuItem, Select, Typography } from '@mui/material';
import CodeMirror from '@uiw/react-codemirror';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  usePreviewExpressionMutation,
  useExpressionHelpersQuery,
  type PreviewAnswer,
} from '../../api/expressions';
import { useRecordsQuery } from '../../api/records';
import type { FieldDescription } from '../../api/types';
import { completionSource, expressionCompletions, offsetOf } from './completions';
import { sampleRecord } from './sample';

interface Props {
  /** Names the editor for screen readers and the preview, e.g. "Create (POST) row 2 expression". */
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The source object's fields, offered as `record.<field>`. */
  sourceFields: readonly FieldDescription[];
  /** The integration whose synced records may serve as the sample. */
  integrationId?: string | undefined;
  /** A problem to show under the editor (e.g. "Fill in the value"). */
  problem?: string | null | undefined;
}

const MADE_UP = 'made-up';
const PREVIEW_DELAY_MS = 400;

const shownValue = (value: unknown) => (value === undefined ? 'undefined' : JSON.stringify(value, null, 1));

/**
 * A JavaScript expression over `record`: highlighted, completing the source's fields and the sandbox's
 * helpers, previewed on a sample record by the server's sandbox, its syntax error marked where it is.
 */
export function ExpressionEditor({ label, value, onChange, sourceFields, integrationId, problem }: Props) {
  const helpers = useExpressionHelpersQuery();
  const records = useRecordsQuery({ integrationId: integrationId ?? '' }, { skip: !integrationId });
  const samples = useMemo(() => records.data?.items ?? [], [records.data]);
  const [sampleId, setSampleId] = useState<string | null>(null);
  const chosen = sampleId ?? samples[0]?.id ?? MADE_UP;
  const sample = useMemo(
    () => samples.find((r) => r.id === chosen)?.sourceData ?? sampleRecord(sourceFields),
    [samples, chosen, sourceFields],
  );
  const [preview] = usePreviewExpressionMutation();
  const [answer, setAnswer] = useState<PreviewAnswer | null>(null);
  const view = useRef<EditorView | null>(null);
  const sampleLabel = useId();

  // The completion source reads the latest fields and helpers; the extensions stay the same.
  const options = useRef(expressionCompletions([], []));
  options.current = expressionCompletions(sourceFields, helpers.data ?? []);
  const extensions = useMemo(
    () => [
      javascript(),
      autocompletion({ override: [completionSource(() => options.current)], activateOnTyping: true }),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': label }),
    ],
    [label],
  );

  useEffect(() => {
    if (value.trim() === '') {
      setAnswer(null);
      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const result = await preview({ expression: value, record: sample });
      if (current && result.data) setAnswer(result.data);
    }, PREVIEW_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [preview, value, sample]);

  // The syntax error is marked in the text, at its line and column.
  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const error = answer && !answer.ok && answer.error.line ? answer.error : null;
    const text = editor.state.doc.toString();
    const at = error ? offsetOf(text, error.line!, error.column ?? 1) : 0;
    // An error at the very end (something missing) marks the last character, to be seen.
    const from = at >= text.length ? Math.max(0, text.length - 1) : at;
    editor.dispatch(
      setDiagnostics(
        editor.state,
        error
          ? [{ from, to: Math.min(text.length, from + 1), severity: 'error', message: error.message }]
          : [],
      ),
    );
  }, [answer]);

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.75 }} data-testid="expression-editor">
      <Box
        sx={{
          border: 1,
          borderColor: problem || (answer && !answer.ok) ? 'error.main' : 'divider',
          borderRadius: 1,
          overflow: 'hidden',
          '& .cm-editor': { fontSize: 14 },
          '& .cm-editor.cm-focused': { outline: 'none' },
        }}
      >
        <CodeMirror
          value={value}
          onChange={onChange}
          extensions={extensions}
          minHeight="44px"
          maxHeight="200px"
          placeholder="text.upper(record.title)"
          basicSetup={{ lineNumbers: false, foldGutter: false, highlightActiveLine: false }}
          onCreateEditor={(editor) => {
            view.current = editor;
          }}
        />
      </Box>
      <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start' }}>
        <FormControl size="small" sx={{ minWidth: 200, maxWidth: 260 }}>
          <InputLabel id={sampleLabel}>Sample record</InputLabel>
          <Select
            labelId={sampleLabel}
            label="Sample record"
            value={chosen}
            onChange={(e) => setSampleId(e.target.value)}
          >
            {samples.map((record) => (
              <MenuItem key={record.id} value={record.id}>
                {record.sourceId}
                {typeof record.sourceData.title === 'string' ? ` — ${record.sourceData.title}` : ''}
              </MenuItem>
            ))}
            <MenuItem value={MADE_UP}>Made up from the source’s fields</MenuItem>
          </Select>
        </FormControl>
        <Box sx={{ flex: 1, minWidth: 0 }} aria-live="polite">
          {problem ? (
            <Typography color="error" variant="body2">
              {problem}
            </Typography>
          ) : answer === null ? (
            <Typography color="text.secondary" variant="body2">
              The result on the sample shows here.
            </Typography>
          ) : answer.ok ? (
            <Typography
              variant="body2"
              data-testid="expression-result"
              sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}
            >
              = {shownValue(answer.value)}
            </Typography>
          ) : (
            <Typography color="error" variant="body2" data-testid="expression-error" role="alert">
              {answer.error.kind === 'syntax'
                ? `Does not parse: ${answer.error.message}`
                : answer.error.message}
            </Typography>
          )}
        </Box>
      </Box>
    </Box>
  );
}
