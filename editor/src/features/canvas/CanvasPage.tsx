import { Button } from '@mui/material';
import { ReactFlowProvider } from '@xyflow/react';
import { Link as RouterLink, useParams } from 'react-router';
import { useIntegrationQuery } from '../../api/integrations';
import { useNodeTypesQuery } from '../../api/node-types';
import { useCan } from '../../app/permissions';
import { PageHeader } from '../../components/PageHeader';
import { PageState } from '../../components/PageState';
import { CanvasEditor } from './CanvasEditor';

export function CanvasPage() {
  const { id = '' } = useParams();
  const integration = useIntegrationQuery(id);
  const types = useNodeTypesQuery();
  const canEdit = useCan('integrations:edit');
  return (
    <>
      <PageHeader title={`Canvas: ${integration.data?.title ?? ''}`}>
        {canEdit ? (
          <Button component={RouterLink} to={`/integrations/${id}/wizard`}>
            Open the wizard
          </Button>
        ) : null}
      </PageHeader>
      <PageState loading={integration.isLoading || types.isLoading} error={integration.error ?? types.error}>
        {integration.data && types.data ? (
          <ReactFlowProvider>
            <CanvasEditor
              key={integration.data.id}
              integrationId={id}
              saved={integration.data.flow}
              nodeTypes={types.data}
              readOnly={!canEdit}
            />
          </ReactFlowProvider>
        ) : null}
      </PageState>
    </>
  );
}
