import { Button } from '@mui/material';
import { ReactFlowProvider } from '@xyflow/react';
import { useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router';
import { useIntegrationQuery } from '../../api/integrations';
import { useNodeTypesQuery } from '../../api/node-types';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { CanvasEditor } from './CanvasEditor';

export function CanvasPage() {
  const { id = '' } = useParams();
  // The draft as stored now, not as cached from an earlier page: another tab may have saved since.
  const integration = useIntegrationQuery(id, { refetchOnMountOrArgChange: true });
  const [openedAt] = useState(() => Date.now());
  const fresh = (integration.fulfilledTimeStamp ?? 0) >= openedAt;
  const types = useNodeTypesQuery();
  const canEdit = useCan('integrations:edit');
  // Bumped to load the stored draft again (after someone else saved a newer one).
  const [loaded, setLoaded] = useState(0);
  const reload = async () => {
    await integration.refetch();
    setLoaded((n) => n + 1);
  };
  return (
    <>
      <PageHeader title={`Canvas: ${integration.data?.title ?? ''}`}>
        <Button component={RouterLink} to={`/integrations/${id}/versions`}>
          Versions
        </Button>
        {canEdit ? (
          <Button component={RouterLink} to={`/integrations/${id}/wizard`}>
            Open the wizard
          </Button>
        ) : null}
      </PageHeader>
      <PageState
        loading={(!fresh && !integration.error) || types.isLoading}
        error={integration.error ?? types.error}
      >
        {integration.data && types.data ? (
          <ReactFlowProvider>
            <CanvasEditor
              key={`${integration.data.id}-${loaded}`}
              integration={integration.data}
              nodeTypes={types.data}
              readOnly={!canEdit}
              onReload={reload}
            />
          </ReactFlowProvider>
        ) : null}
      </PageState>
    </>
  );
}
