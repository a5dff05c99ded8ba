import { TextField } from '@mui/material';
import { useState } from 'react';

interface Props {
  label: string;
  help?: string | undefined;
  value: unknown;
  onChange: (value: unknown) => void;
}

/** A JSON value typed as text (JSON Logic rules); the value changes only when the text parses. */
export function JsonField({ label, help, value, onChange }: Props) {
  const [text, setText] = useState(value === undefined ? '' : JSON.stringify(value));
  const [error, setError] = useState('');
  return (
    <TextField
      fullWidth
      label={label}
      value={text}
      multiline
      minRows={3}
      error={Boolean(error)}
      helperText={error || help || 'JSON Logic, e.g. {"==": [{"var": "status"}, "open"]}'}
      slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
      onChange={(event) => {
        setText(event.target.value);
        if (event.target.value.trim() === '') {
          setError('');
          onChange(undefined);
          return;
        }
        try {
          onChange(JSON.parse(event.target.value));
          setError('');
        } catch {
          setError('Not valid JSON yet');
        }
      }}
    />
  );
}
