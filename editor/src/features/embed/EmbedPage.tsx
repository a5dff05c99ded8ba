import { Alert, Box } from '@mui/material';
import { useEffect, useLayoutEffect, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { embedTokenSet } from '../../api/session';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { InsightsView } from '../insights/InsightsView';
import { readClaims, tellParent } from './claims';
import { EmbedExceptions } from './EmbedExceptions';
import { EmbedRuns } from './EmbedRuns';
import { EmbedTimeline } from './EmbedTimeline';

const WEEK_MS = 7 * 86_400_000;

function View({ view, integrationId }: { view: string; integrationId: string }) {
  const [range] = useState(() => {
    const to = new Date(Math.ceil(Date.now() / 86_400_000) * 86_400_000);
    return { from: new Date(to.getTime() - WEEK_MS).toISOString(), to: to.toISOString() };
  });
  switch (view) {
    case 'dashboard':
      return <InsightsView from={range.from} to={range.to} integrationId={integrationId} />;
    case 'runs':
      return <EmbedRuns integrationId={integrationId} />;
    case 'timeline':
      return <EmbedTimeline integrationId={integrationId} />;
    case 'exceptions':
      return <EmbedExceptions integrationId={integrationId} />;
    default:
      return <Alert severity="error">There is no embed view called {view}.</Alert>;
  }
}

/** An embed view for a partner portal's iframe: no app chrome, the embed token from the URL. */
export function EmbedPage() {
  const { view = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const dispatch = useAppDispatch();
  const ready = useAppSelector((state) => state.session.embedToken === token && token !== '');
  useLayoutEffect(() => {
    dispatch(embedTokenSet(token || null));
  }, [dispatch, token]);
  useEffect(() => {
    if (!ready) return;
    tellParent('isync:ready', { view });
    const observer = new ResizeObserver(() =>
      tellParent('isync:resize', { height: document.documentElement.scrollHeight }),
    );
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ready, view]);
  const claims = readClaims(token);
  const integrationId = claims?.integrationIds[0];
  return (
    <Box component="main" sx={{ p: 2 }} aria-label={`iSync ${view}`}>
      {!claims || !integrationId ? (
        <Alert severity="error">This embed link has no valid token.</Alert>
      ) : ready ? (
        <View view={view} integrationId={integrationId} />
      ) : null}
    </Box>
  );
}
