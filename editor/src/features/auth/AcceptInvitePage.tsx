import { Link } from '@mui/material';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useAcceptInviteMutation } from '../../api/auth';
import { CenteredCard } from '../../components/CenteredCard';
import { PasswordForm } from '../../components/PasswordForm';

export function AcceptInvitePage() {
  const [params] = useSearchParams();
  const [accept, { isLoading, error, data }] = useAcceptInviteMutation();
  return (
    <CenteredCard title="Welcome to iSync">
      <PasswordForm
        submitLabel="Set password"
        busy={isLoading}
        error={error}
        done={
          data ? (
            <>
              Your account {data.email} is ready.{' '}
              <Link component={RouterLink} to="/signin">
                Sign in
              </Link>
            </>
          ) : null
        }
        onSubmit={(password) => void accept({ token: params.get('token') ?? '', password })}
      />
    </CenteredCard>
  );
}
