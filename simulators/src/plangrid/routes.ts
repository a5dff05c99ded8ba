import type { Context } from 'hono';
import { Hono } from 'hono';
import type { SimEnv } from '../control/sim-env.js';
import { readJson } from '../shared/form.js';
import { joinJson, jsonCache } from '../shared/json-list.js';
import { plangridError } from './dialect.js';
import { listBody, readListParams, slicePage } from './list.js';
import { readIssuePatch, renderIssue } from './issue-api.js';
import type { PlanGridStore } from './store.js';
import type { Issue } from './types.js';

// Issues are replaced, never mutated, on change, so their JSON can be kept per object.
const issueJson = jsonCache<Issue>();

const originOf = (c: Context) => new URL(c.req.url).origin;

export function plangridRoutes(store: PlanGridStore): Hono<SimEnv> {
  const app = new Hono<SimEnv>();
  const projectOr404 = (uid: string) => store.project(uid) ?? plangridError(404, `Project ${uid} not found`);
  /** The project and list parameters of a list request under a project, or the error answer. */
  const projectList = (c: Context) => {
    const project = projectOr404(c.req.param('project') ?? '');
    if (project instanceof Response) return project;
    const params = readListParams(c);
    return params instanceof Response ? params : { project, params };
  };

  app.get('/me', (c) => c.json(store.me));

  app.get('/projects', (c) => {
    const params = readListParams(c);
    if (params instanceof Response) return params;
    return c.json(listBody(c, params, slicePage(store.listProjects(), params)));
  });
  app.get('/projects/:project', (c) => {
    const project = projectOr404(c.req.param('project'));
    return project instanceof Response ? project : c.json(project.project);
  });

  app.get('/projects/:project/users', (c) => {
    const list = projectList(c);
    if (list instanceof Response) return list;
    return c.json(listBody(c, list.params, slicePage(store.users, list.params)));
  });
  app.get('/projects/:project/users/:user', (c) => {
    const project = projectOr404(c.req.param('project'));
    if (project instanceof Response) return project;
    const user = store.users.find((u) => u.uid === c.req.param('user'));
    return user ? c.json(user) : plangridError(404, `User ${c.req.param('user')} not found`);
  });

  app.get('/projects/:project/issues', (c) => {
    const list = projectList(c);
    if (list instanceof Response) return list;
    const { project, params } = list;
    const page = project.issues.page(params.updatedAfter, params.skip, params.limit);
    const origin = originOf(c);
    const { data: _data, ...envelope } = listBody(c, params, { total: page.total, items: [] });
    const items = page.items.map((issue) => issueJson(issue, origin, () => renderIssue(origin, issue)));
    const body = joinJson(`${JSON.stringify(envelope).slice(0, -1)},"data":[`, items, ']}');
    return c.body(body, 200, { 'content-type': 'application/json' });
  });
  app.get('/projects/:project/issues/:issue', (c) => {
    const project = projectOr404(c.req.param('project'));
    if (project instanceof Response) return project;
    const issue = project.issues.get(c.req.param('issue'));
    return issue
      ? c.json(renderIssue(originOf(c), issue))
      : plangridError(404, `Issue ${c.req.param('issue')} not found`);
  });
  app.patch('/projects/:project/issues/:issue', async (c) => {
    const project = projectOr404(c.req.param('project'));
    if (project instanceof Response) return project;
    if (!(c.req.header('content-type') ?? '').includes('json')) {
      return plangridError(415, 'Send the body as JSON (Content-Type: application/json)');
    }
    const json: unknown = await readJson(c);
    if (json === undefined) return plangridError(400, 'The body is not valid JSON');
    const read = readIssuePatch(json, (uid) => store.isTeamMember(uid));
    if (!read.ok) return plangridError(400, read.message);
    const updated = store.updateIssue(
      project.project.uid,
      c.req.param('issue'),
      read.patch,
      store.userRef(store.me),
    );
    return updated
      ? c.json(renderIssue(originOf(c), updated))
      : plangridError(404, `Issue ${c.req.param('issue')} not found`);
  });

  app.get('/projects/:project/rfis', (c) => {
    const list = projectList(c);
    if (list instanceof Response) return list;
    const { project, params } = list;
    return c.json(listBody(c, params, project.rfis.page(params.updatedAfter, params.skip, params.limit)));
  });
  app.get('/projects/:project/rfis/statuses', (c) => {
    const list = projectList(c);
    if (list instanceof Response) return list;
    const { project, params } = list;
    return c.json(listBody(c, params, slicePage(project.rfiStatuses, params)));
  });
  app.get('/projects/:project/rfis/:rfi', (c) => {
    const project = projectOr404(c.req.param('project'));
    if (project instanceof Response) return project;
    const rfi = project.rfis.get(c.req.param('rfi'));
    return rfi ? c.json(rfi) : plangridError(404, `RFI ${c.req.param('rfi')} not found`);
  });

  return app;
}
