import { Alert, Button, TextField } from '@mui/material';
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../api/base';

interface Props {
  /** Fields shown above the password (e.g. email and name). */
  children?: ReactNode;
  submitLabel: string;
  busy: boolean;
  error: unknown;
  done: ReactNode | null;
  onSubmit: (password: string) => void;
}

/** Choose a password (at least 12 characters, typed twice): for the first admin and for invitations. */
export function PasswordForm({ children, submitLabel, busy, error, done, onSubmit }: Props) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [touched, setTouched] = useState(false);
  const short = touched && password.length < 12 ? 'Use at least 12 characters' : '';
  const differ = touched && again !== password ? 'The two passwords differ' : '';
  if (done) return <Alert severity="success">{done}</Alert>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (password.length >= 12 && again === password) onSubmit(password);
  };
  return (
    <form onSubmit={submit} noValidate style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      {error ? <Alert severity="error">{errorMessage(error)}</Alert> : null}
      {children}
      <TextField
        label="Password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={Boolean(short)}
        helperText={short || ' '}
        required
      />
      <TextField
        label="Password again"
        type="password"
        autoComplete="new-password"
        value={again}
        onChange={(e) => setAgain(e.target.value)}
        error={Boolean(differ)}
        helperText={differ || ' '}
        required
      />
      <Button type="submit" variant="contained" disabled={busy}>
        {submitLabel}
      </Button>
    </form>
  );
}
