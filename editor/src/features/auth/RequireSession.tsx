import { Navigate, Outlet, useLocation } from 'react-router';
import { useMeQuery } from '../../api/auth';
import { PageState } from '../../components/PageState';

/** Pages behind sign-in: without a session, off to the sign-in page (and back after). */
export function RequireSession() {
  const { data, isLoading, error } = useMeQuery();
  const location = useLocation();
  if (isLoading)
    return (
      <PageState loading error={null}>
        {null}
      </PageState>
    );
  const status = (error as { status?: unknown } | undefined)?.status;
  if (!data || status === 401) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/signin?next=${next}`} replace />;
  }
  return <Outlet />;
}
