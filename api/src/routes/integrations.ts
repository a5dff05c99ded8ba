import type { ApiDependencies } from '../deps.js';
import type { Router } from '../http/router.js';
import { integrationCrudRoutes } from './integrations/crud.js';
import { wizardStepRoutes } from './integrations/steps.js';
import { flowRoutes } from './integrations/flow.js';
import { lifecycleRoutes } from './integrations/lifecycle.js';
import { integrationService } from './integrations/service.js';
import { testRunRoutes } from './integrations/test-run.js';
import { versionRoutes } from './integrations/versions.js';

/** Every integration route, registered in this order: one file per concern under integrations/. */
export function integrationRoutes(app: Router, deps: ApiDependencies) {
  const service = integrationService(deps);
  integrationCrudRoutes(app, service);
  wizardStepRoutes(app, service);
  flowRoutes(app, service);
  lifecycleRoutes(app, service);
  versionRoutes(app, service);
  testRunRoutes(app, service);
}
