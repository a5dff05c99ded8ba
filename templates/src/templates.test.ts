import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRun } from '@isync/executor';
import { simulatorWorld, type SimulatorWorld } from '@isync/executor/testing/world';
import { instantiate, listTemplates, outline, type Template } from './index.js';

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';

describe('the template gallery', () => {
  it('loads five valid templates, each with a README and its settings', () => {
    const templates = listTemplates();
    expect(templates.map((t) => t.id).sort()).toEqual([
      'plangrid-issues-nuvolo-work-orders-two-way',
      'plangrid-issues-to-maximo-work-orders',
      'plangrid-issues-to-nuvolo-work-orders',
      'plangrid-punch-items-to-nuvolo-handover',
      'plangrid-rfis-to-nuvolo-work-orders',
    ]);
    for (const template of templates) {
      expect(template.readme).toContain('#');
      expect(template.settings.map((s) => s.name)).toEqual([
        'sourceConnectionId',
        'destinationConnectionId',
        'project',
        'dateRange',
      ]);
      expect(outline(template.flow)).toHaveLength(template.flow.nodes.length);
    }
  });

  it('fills in the connections, the project and the date range', () => {
    const template = listTemplates()[0]!;
    const flow = instantiate(template, {
      sourceConnectionId: 'pg',
      destinationConnectionId: 'nv',
      project: 'p-1',
      dateRange: { from: '2025-01-01T00:00:00.000Z', to: null },
    });
    const source = flow.nodes.find((n) => n.type === 'source')!.data.config;
    expect(source).toMatchObject({
      connectionId: 'pg',
      project: 'p-1',
      dateRange: { from: '2025-01-01T00:00:00.000Z', to: null },
    });
    expect(flow.nodes.find((n) => n.type === 'destination')!.data.config.connectionId).toBe('nv');
    expect(JSON.stringify(flow)).not.toContain('{{sourceConnectionId}}');
  });
});

describe('every template against the simulators', () => {
  let world: SimulatorWorld;
  const byId = (id: string) => listTemplates().find((t) => t.id === id)!;
  const flowOf = (template: Template) =>
    instantiate(template, {
      sourceConnectionId: world.connections.plangrid.id,
      destinationConnectionId: world.connections.nuvolo.id,
      project: world.project,
    });
  const syncOnce = async (template: Template) => {
    const integration = await world.activate(template.title, flowOf(template));
    const run = await executeRun(world.engine, {
      tenantId: world.tenant.id,
      integrationId: integration.id,
      trigger: 'manual',
    });
    return run!;
  };
  const workOrders = () => world.nuvolo.control.rows(WORK_ORDERS);
  const rowsOf = (system: string, pick: (row: Record<string, string>) => boolean) =>
    workOrders().filter((row) => row.u_source_system === system && pick(row));

  beforeAll(async () => {
    world = await simulatorWorld({ plangrid: { records: 60, rfis: 20 } });
  });
  afterAll(() => world.close());

  it.each(
    listTemplates()
      .filter((t) => t.systems.destination === 'nuvolo')
      .map((t) => [t.title, t.id]),
  )('%s compiles without errors', async (_title, id) => {
    const result = await world.compile(flowOf(byId(id)));
    expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(result.plan).not.toBeNull();
  });

  it('PlanGrid issues → work orders: every issue becomes a work order with its room, assignee and state', async () => {
    const issues = (await world.plangrid.control.dump().state) as {
      projects: { project: { uid: string }; issues: Record<string, any>[] }[];
    };
    const mine = issues.projects.find((p) => p.project.uid === world.project)!.issues;
    const run = await syncOnce(byId('plangrid-issues-to-nuvolo-work-orders'));
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: mine.length, failed: 0 } });

    const locations = world.nuvolo.control.rows('x_nuvo_eam_elocation');
    const users = world.nuvolo.control.rows('sys_user');
    const team = world.plangrid.control.users();
    const issue = mine.find((i) => i.assignees.length > 0 && i.room && i.due_at && i.status === 'in_review')!;
    const order = workOrders().find((row) => row.correlation_id === issue.uid)!;
    const email = team.find((u) => u.uid === issue.assignees[0].uid)!.email;
    expect(order).toMatchObject({
      short_description: issue.title,
      description: issue.description,
      state: '3',
      u_source_system: 'PlanGrid',
      work_location: locations.find((l) => l.name === issue.room)!.sys_id,
      assigned_to: users.find((u) => u.email === email)!.sys_id,
    });
    expect(order.due_date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(order.due_date).toBe(issue.due_at.slice(0, 19).replace('T', ' '));
  });

  it('PlanGrid RFIs → work orders of type RFI, status matched by label, question and answer in the description', async () => {
    const run = await syncOnce(byId('plangrid-rfis-to-nuvolo-work-orders'));
    expect(run).toMatchObject({ status: 'succeeded', counts: { created: 10, failed: 0 } });
    const rfis = rowsOf('PlanGrid', (row) => row.work_order_type === 'RFI');
    expect(rfis).toHaveLength(10);
    const answered = rfis.find((row) => row.description!.includes('Answer: Confirmed'))!;
    expect(answered.description).toContain('Question: Please confirm');
    expect(['3', '5']).toContain(answered.state);
    expect(rfis.every((row) => row.assigned_to !== '')).toBe(true);
  });

  it('closed punch items → handover work orders; the filter skips every other issue', async () => {
    const before = workOrders().length;
    const run = await syncOnce(byId('plangrid-punch-items-to-nuvolo-handover'));
    const handovers = rowsOf('PlanGrid', (row) => row.short_description!.startsWith('Handover: '));
    expect(run.status).toBe('succeeded');
    expect(run.counts.created).toBe(handovers.length);
    expect(run.counts.skipped).toBeGreaterThan(0);
    expect(handovers.length).toBeGreaterThan(0);
    expect(handovers.every((row) => row.state === '5' && row.work_order_type === 'inspection')).toBe(true);
    expect(workOrders().length).toBe(before + handovers.length);
  });

  it('reports on the status-map node when a mapped state no longer exists in Nuvolo', async () => {
    world.nuvolo.control.setChoices(WORK_ORDERS, 'state', [
      { value: '1', label: 'Draft' },
      { value: '2', label: 'Open' },
      { value: '3', label: 'Work in Progress' },
      { value: '5', label: 'Closed Complete' },
      { value: '7', label: 'Canceled' },
    ]);
    const result = await world.compile(flowOf(byId('plangrid-issues-to-nuvolo-work-orders')));
    expect(result.plan).toBeNull();
    expect(result.problems).toContainEqual(
      expect.objectContaining({
        nodeId: 'status-map',
        severity: 'error',
        message: expect.stringContaining('"On Hold"'),
      }),
    );
  });
});
