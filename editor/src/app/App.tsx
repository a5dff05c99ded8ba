import { createBrowserRouter, createRoutesFromElements, Navigate, Route } from 'react-router';
import { AdminPage } from '../features/admin/AdminPage';
import { AcceptInvitePage } from '../features/auth/AcceptInvitePage';
import { RequireSession } from '../features/auth/RequireSession';
import { SetupPage } from '../features/auth/SetupPage';
import { SignInPage } from '../features/auth/SignInPage';
import { CanvasPage } from '../features/canvas/CanvasPage';
import { ConnectionsPage } from '../features/connections/ConnectionsPage';
import { EmbedPage } from '../features/embed/EmbedPage';
import { ExceptionsPage } from '../features/exceptions/ExceptionsPage';
import { InsightsPage } from '../features/insights/InsightsPage';
import { IntegrationsPage } from '../features/integrations/IntegrationsPage';
import { RecordPage } from '../features/records/RecordPage';
import { RecordsPage } from '../features/records/RecordsPage';
import { RunPage } from '../features/runs/RunPage';
import { RunsPage } from '../features/runs/RunsPage';
import { Shell } from '../features/shell/Shell';
import { FromTemplatePage } from '../features/templates/FromTemplatePage';
import { TemplateGalleryPage } from '../features/templates/TemplateGalleryPage';
import { WizardPage } from '../features/wizard/WizardPage';

/** Every page; a data router, so the canvas can hold navigation while it has unsaved changes. */
export const router = createBrowserRouter(
  createRoutesFromElements(
    <>
      <Route path="/signin" element={<SignInPage />} />
      <Route path="/setup" element={<SetupPage />} />
      <Route path="/accept-invite" element={<AcceptInvitePage />} />
      <Route path="/embed/:view" element={<EmbedPage />} />
      <Route element={<RequireSession />}>
        <Route element={<Shell />}>
          <Route index element={<Navigate to="/integrations" replace />} />
          <Route path="/integrations" element={<IntegrationsPage />} />
          <Route path="/integrations/new" element={<WizardPage />} />
          <Route path="/integrations/templates" element={<TemplateGalleryPage />} />
          <Route path="/integrations/templates/:templateId" element={<FromTemplatePage />} />
          <Route path="/integrations/:id/wizard" element={<WizardPage />} />
          <Route path="/integrations/:id/canvas" element={<CanvasPage />} />
          <Route path="/connections" element={<ConnectionsPage />} />
          <Route path="/runs" element={<RunsPage />} />
          <Route path="/runs/:id" element={<RunPage />} />
          <Route path="/exceptions" element={<ExceptionsPage />} />
          <Route path="/insights" element={<InsightsPage />} />
          <Route path="/records" element={<RecordsPage />} />
          <Route path="/records/:id" element={<RecordPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="*" element={<Navigate to="/integrations" replace />} />
        </Route>
      </Route>
    </>,
  ),
);
