import { Alert, AlertTitle, Button } from '@mui/material';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router';
import type { IntegrationSummary } from '../../api/types';
import { BriefChanges } from './BriefChanges';
import { draftHeadline } from './changes';

interface Props {
  integration: Pick<IntegrationSummary, 'id' | 'liveVersion' | 'draft'>;
  /** How many changes to list (the Versions page shows them all). */
  limit?: number;
  /** Offered next to the headline, e.g. Publish. */
  action?: ReactNode;
  /** Link to the Versions page. */
  versionsLink?: boolean;
}

/** Whether the draft is what runs: "Draft differs from live version N" with its changes, or the same. */
export function DraftStatus({ integration, limit = 3, action, versionsLink = true }: Props) {
  const { liveVersion, draft } = integration;
  const differs = liveVersion !== null && draft.differs;
  return (
    <Alert
      severity={liveVersion === null ? 'info' : differs ? 'warning' : 'success'}
      component="section"
      role="region"
      aria-label="Draft status"
      action={
        <>
          {action}
          {versionsLink && liveVersion !== null ? (
            <Button
              color="inherit"
              size="small"
              component={RouterLink}
              to={`/integrations/${integration.id}/versions`}
            >
              Versions
            </Button>
          ) : null}
        </>
      }
    >
      <AlertTitle sx={{ mb: differs ? 0.5 : 0 }}>{draftHeadline(integration)}</AlertTitle>
      {differs ? <BriefChanges changes={draft.changes} limit={limit} label="Draft changes" /> : null}
    </Alert>
  );
}
