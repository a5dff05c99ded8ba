import { Alert, Button, TextField } from '@mui/material';
import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useLoginMutation } from '../../api/auth';
import { errorMessage } from '../../api/base';
import { CenteredCard } from '../../components/CenteredCard';

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function SignInPage() {
  const [login, { isLoading, error }] = useLoginMutation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const emailError = touched && !EMAIL.test(email) ? 'Enter an email address such as ana@acme.com' : '';
  const passwordError = touched && password === '' ? 'Enter your password' : '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!EMAIL.test(email) || password === '') return;
    const result = await login({ email, password });
    if ('data' in result) {
      const next = params.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/integrations', {
        replace: true,
      });
    }
  };

  return (
    <CenteredCard title="Sign in to iSync">
      <form onSubmit={submit} noValidate style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
        {error ? <Alert severity="error">{errorMessage(error)}</Alert> : null}
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={Boolean(emailError)}
          helperText={emailError || ' '}
          autoFocus
          required
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={Boolean(passwordError)}
          helperText={passwordError || ' '}
          required
        />
        <Button type="submit" variant="contained" disabled={isLoading}>
          {isLoading ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </CenteredCard>
  );
}
