import { Link, TextField } from '@mui/material';
import { useState } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useSetupMutation } from '../../api/auth';
import { CenteredCard } from '../../components/CenteredCard';
import { PasswordForm } from '../../components/PasswordForm';

/** The one-time setup link printed at first start: makes the first platform admin. */
export function SetupPage() {
  const [params] = useSearchParams();
  const [setup, { isLoading, error, data }] = useSetupMutation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  return (
    <CenteredCard title="Set up iSync">
      <PasswordForm
        submitLabel="Create the platform admin"
        busy={isLoading}
        error={error}
        done={
          data ? (
            <>
              {data.email} is the platform admin.{' '}
              <Link component={RouterLink} to="/signin">
                Sign in
              </Link>
            </>
          ) : null
        }
        onSubmit={(password) => void setup({ token: params.get('token') ?? '', email, name, password })}
      >
        <TextField
          label="Email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
        />
        <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} required />
      </PasswordForm>
    </CenteredCard>
  );
}
