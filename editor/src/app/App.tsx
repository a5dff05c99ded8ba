import { createBrowserRouter, createRoutesFromElements, Navigate, Route, type Params } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AcceptInvitePage } from '../features/auth/AcceptInvitePage';
import { RequireSession } from '../features/auth/RequireSession';
import { SetupPage } from '../features/auth/SetupPage';
import { SignInPage } from '../features/auth/SignInPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { ExceptionsPage } from '../features/exceptions/ExceptionsPage';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage';
import { RecordPage } from '../features/records/RecordPage';
import { RecordsPage } from '../features/records/RecordsPage';
import { RunsPage } from '../features/runs/RunsPage';
import { Shell } from '../features/shell/Shell';
import { BuilderPage } from '../features/systems/BuilderPage';
import { SystemsPage } from '../features/systems/SystemsPage';
import { FromTemplatePage } from '../features/templates/FromTemplatePage';
import { TemplateGalleryPage } from '../features/templates/TemplateGalleryPage';
import { VersionsPage } from '../features/versions/VersionsPage';
import { WizardPage } from '../features/wizard/WizardPage';
import { PageState } from '../components/PageState';
import { RequirePermission } from './RequirePermission';

/*
 * The pages that draw with React Flow (canvas, run trace) or ECharts (insights, embedded views) are loaded
 * when first opened: the rest of the editor does not wait for those libraries.
 */
const canvasPage = () => import('../features/canvas/CanvasPage').then((m) => ({ Component: m.CanvasPage }));
const embedPage = () => import('../features/embed/EmbedPage').then((m) => ({ Component: m.EmbedPage }));
const insightsPage = () =>
  import('../features/insights/InsightsPage').then((m) => ({ Component: m.InsightsPage }));
const runPage = () => import('../features/runs/RunPage').then((m) => ({ Component: m.RunPage }));
const readOnlyView = ({ id }: Params) => (id ? `/integrations/${id}/canvas` : '/integrations');

/** What a lazy page shows while its code arrives, when it is the first page opened. */
const loading = (
  <PageState loading error={null}>
    {null}
  </PageState>
);

/** Every page; a data router, so the canvas can hold navigation while it has unsaved changes. */
export const router = createBrowserRouter(
  createRoutesFromElements(
    <>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/accept-invite" element={<AcceptInvitePage />} />
      <Route path="/embed/:view" lazy={embedPage} hydrateFallbackElement={loading} />
      <Route element={<RequireSession />}>
        <Route element={<Shell />}>
          <Route index element={<Navigate to="/integrations" replace />} />
          <Route path="/integrations" element={<IntegrationsPage />} />
          {/* Starting and editing integrations; a viewer reads an integration's flow on its canvas. */}
          <Route element={<RequirePermission permission="integrations:edit" otherwise={readOnlyView} />}>
            <Route path="/integrations/new" element={<WizardPage />} />
            <Route path="/integrations/templates" element={<TemplateGalleryPage />} />
            <Route path="/integrations/templates/:templateId" element={<FromTemplatePage />} />
            <Route path="/integrations/:id/wizard" element={<WizardPage />} />
          </Route>
          <Route path="/integrations/:id/canvas" lazy={canvasPage} hydrateFallbackElement={loading} />
          <Route path="/integrations/:id/versions" element={<VersionsPage />} />
          <Route path="/connections" element={<ConnectionsPage />} />
          <Route path="/systems" element={<SystemsPage />} />
          {/* The connector builder is for tenant admins. */}
          <Route element={<RequirePermission permission="systems:manage" otherwise={() => '/systems'} />}>
            <Route path="/systems/new" element={<BuilderPage />} />
            <Route path="/systems/:id" element={<BuilderPage />} />
          </Route>
          <Route path="/runs" element={<RunsPage />} />
          <Route path="/runs/:id" lazy={runPage} hydrateFallbackElement={loading} />
          <Route path="/exceptions" element={<ExceptionsPage />} />
          <Route path="/insights" lazy={insightsPage} hydrateFallbackElement={loading} />
          <Route path="/records" element={<RecordsPage />} />
          <Route path="/records/:id" element={<RecordPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="*" element={<Navigate to="/integrations" replace />} />
        </Route>
      </Route>
    </>,
  ),
);
