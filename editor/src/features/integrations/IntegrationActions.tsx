import { IconButton, Tooltip } from '@mui/material';
import AccountTree from '@mui/icons-material/AccountTree';
import Archive from '@mui/icons-material/Archive';
import History from '@mui/icons-material/History';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Pause from '@mui/icons-material/Pause';
import PlayArrow from '@mui/icons-material/PlayArrow';
import PlayCircle from '@mui/icons-material/PlayCircle';
import type { ReactElement } from 'react';
import { Link as RouterLink, useNavigate } from 'react-router';
import { errorCode, errorMessage } from '../../api/base';
import { useArchiveIntegrationMutation, useIntegrationActionMutation } from '../../api/integrations';
import { useRunIntegrationMutation } from '../../api/runs';
import type { IntegrationSummary } from '../../api/types';
import { useCan } from '../../app/permissions';

function Action({ label, icon, onClick }: { label: string; icon: ReactElement; onClick: () => void }) {
  return (
    <Tooltip title={label}>
      <IconButton aria-label={label} onClick={onClick} size="small">
        {icon}
      </IconButton>
    </Tooltip>
  );
}

interface Props {
  integration: IntegrationSummary;
  /** Activation answered that another active integration writes the same records: ask, then confirm. */
  onOverlap: (message: string, confirm: () => void) => void;
  /** Duplicate made a paused copy; its notice says what to change before activating it. */
  onCopied: (copy: { id: string; title: string; notice: string }) => void;
}

/** Activate / pause / run now / duplicate / archive, the canvas and the versions. */
export function IntegrationActions({ integration, onOverlap, onCopied }: Props) {
  const [act] = useIntegrationActionMutation({ fixedCacheKey: 'integration-action' });
  const [archive] = useArchiveIntegrationMutation({ fixedCacheKey: 'integration-archive' });
  const [runNow] = useRunIntegrationMutation();
  const navigate = useNavigate();
  const canOperate = useCan('integrations:operate');
  const canEdit = useCan('integrations:edit');
  const { id, status, title } = integration;
  return (
    <>
      {!canOperate ? null : status === 'active' ? (
        <Action label={`Pause ${title}`} icon={<Pause />} onClick={() => void act({ id, action: 'pause' })} />
      ) : (
        <Action
          label={`Activate ${title}`}
          icon={<PlayCircle />}
          onClick={async () => {
            // A paused integration resumes its live version; one never published is published first.
            const action = status === 'paused' && integration.liveVersion !== null ? 'resume' : 'activate';
            const result = await act({ id, action });
            if ('error' in result && errorCode(result.error) === 'overlap')
              onOverlap(errorMessage(result.error), () => void act({ id, action, confirmOverlap: true }));
          }}
        />
      )}
      {canOperate && integration.planVersion !== null ? (
        <Action
          label={`Run ${title} now`}
          icon={<PlayArrow />}
          onClick={async () => {
            // The run page shows the asked run: queued behind the one going, then its progress.
            const asked = await runNow(id);
            if ('data' in asked && asked.data) void navigate(`/runs/${asked.data.run.id}`);
          }}
        />
      ) : null}
      <Tooltip title="Open the canvas">
        <IconButton
          aria-label={`Canvas of ${title}`}
          component={RouterLink}
          to={`/integrations/${id}/canvas`}
          size="small"
        >
          <AccountTree />
        </IconButton>
      </Tooltip>
      <Tooltip title="Versions">
        <IconButton
          aria-label={`Versions of ${title}`}
          component={RouterLink}
          to={`/integrations/${id}/versions`}
          size="small"
        >
          <History />
        </IconButton>
      </Tooltip>
      {canEdit ? (
        <>
          <Action
            label={`Duplicate ${title}`}
            icon={<ContentCopy />}
            onClick={async () => {
              const result = await act({ id, action: 'duplicate' });
              if (result.data) {
                const { id: copyId, title: copyTitle, notice = '' } = result.data;
                onCopied({ id: copyId, title: copyTitle, notice });
              }
            }}
          />
          <Action
            label={`Archive ${title}`}
            icon={<Archive />}
            onClick={() => {
              if (window.confirm(`Archive "${title}"? It stops running; its history stays.`))
                void archive(id);
            }}
          />
        </>
      ) : null}
    </>
  );
}
