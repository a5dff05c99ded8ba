import { describe, expect, it } from 'vitest';
import { compileFlow, type CompileEnvironment, type Flow, type FlowNode } from '@isync/core';
import { nodeCatalog, planExpressions } from './registry.js';
import { checkExpression } from './sandbox/index.js';
import { NUVOLO_DESCRIPTION, PLANGRID_DESCRIPTION } from './testing/fixtures.js';

/*
 * The flow compiler (core) with the real node library: one valid and one invalid flow per problem kind.
 */

const environment: CompileEnvironment = {
  source: PLANGRID_DESCRIPTION,
  destination: NUVOLO_DESCRIPTION,
  checkExpression: (source) => {
    const result = checkExpression(source);
    return result.ok ? null : result.message;
  },
};

const node = (id: string, type: string, config: Record<string, unknown>): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { config },
});

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';

function validFlow(): Flow {
  return {
    schemaVersion: 1,
    nodes: [
      node('src', 'source', { connectionId: 'pg', object: 'issues', project: 'p-1' }),
      node('map', 'field-map', {
        create: [
          { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
          { target: 'due_date', value: { kind: 'path', path: 'due_at' } },
          {
            target: 'description',
            value: { kind: 'expression', expression: 'text.trim(record.description)' },
          },
        ],
        update: [{ target: 'short_description', value: { kind: 'path', path: 'title' } }],
      }),
      node('status', 'status-map', {
        table: [
          { from: 'open', to: 'Open' },
          { from: 'in_review', to: 'Work in Progress' },
          { from: 'pending', to: 'On Hold' },
          { from: 'closed', to: 'Closed Complete' },
        ],
        whenDeleted: 'Canceled',
      }),
      node('room', 'lookup', {
        object: 'x_nuvo_eam_elocation',
        matchField: 'name',
        sourcePath: 'room',
        targetField: 'work_location',
      }),
      node('dest', 'destination', { connectionId: 'nv', object: WORK_ORDERS }),
    ],
    edges: [
      { id: 'e1', source: 'src', target: 'map' },
      { id: 'e2', source: 'map', target: 'status' },
      { id: 'e3', source: 'status', target: 'room' },
      { id: 'e4', source: 'room', target: 'dest' },
    ],
  };
}

const compile = (flow: unknown, env = environment) => compileFlow(flow, nodeCatalog, env);
const errors = (flow: unknown, env = environment) =>
  compile(flow, env).problems.filter((p) => p.severity === 'error');

function edit(change: (flow: Flow) => void): Flow {
  const flow = validFlow();
  change(flow);
  return flow;
}

const nodeById = (flow: Flow, id: string) => flow.nodes.find((n) => n.id === id)!;

describe('flow compiler', () => {
  it('compiles a valid flow into ordered stages with resolved config and a stable hash', () => {
    const { plan, problems } = compile(validFlow());
    expect(problems).toEqual([]);
    expect(plan!.stages.map((s) => s.nodeId)).toEqual(['src', 'map', 'status', 'room', 'dest']);
    expect(plan!.stages[1]).toMatchObject({ type: 'field-map', label: 'Field map', inputs: ['src'] });
    expect(plan!.stages[1]!.config.fieldTypes).toMatchObject({
      due_date: { type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' },
    });
    expect(plan!.stages[3]!.config).toMatchObject({ connectionId: 'nv', returnField: 'sys_id' });
    expect(plan!.stages[4]!.config).toMatchObject({
      operations: 'create-and-update',
      correlationField: 'correlation_id',
    });
    expect(planExpressions(plan!)).toEqual({ 'map:create:description': 'text.trim(record.description)' });

    const shuffled = validFlow();
    shuffled.edges.reverse();
    expect(compile(shuffled).plan!.hash).toBe(plan!.hash);
    expect(compile(edit((f) => (nodeById(f, 'src').data.config.pageSize = 10))).plan!.hash).not.toBe(
      plan!.hash,
    );
  });

  it('reports a malformed document', () => {
    expect(errors({ schemaVersion: 1, nodes: 'lots' })[0]).toMatchObject({
      nodeId: null,
      field: 'nodes',
      message: expect.stringContaining('malformed'),
    });
  });

  it('reports an unknown node type and a duplicated node id', () => {
    const problems = errors(
      edit((f) => {
        f.nodes.push(node('odd', 'teleport', {}), node('map', 'filter', { rule: { '==': [1, 1] } }));
        f.edges.push({ id: 'e9', source: 'odd', target: 'dest' });
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          nodeId: 'odd',
          message: expect.stringContaining('unknown type "teleport"'),
        }),
        expect.objectContaining({ nodeId: 'map', message: expect.stringContaining('share the id') }),
      ]),
    );
  });

  it('reports an edge to a node that does not exist', () => {
    const problems = errors(edit((f) => f.edges.push({ id: 'ghost', source: 'map', target: 'nowhere' })));
    expect(problems.map((p) => p.message)).toContain('Edge "ghost" connects a node that does not exist.');
  });

  it('reports a cycle', () => {
    const problems = errors(edit((f) => f.edges.push({ id: 'back', source: 'room', target: 'map' })));
    expect(problems.filter((p) => p.message.includes('cycle')).map((p) => p.nodeId)).toEqual([
      'map',
      'status',
      'room',
    ]);
  });

  it('needs one source (two for a two-way flow) and at least one destination', () => {
    const stray = errors(
      edit((f) => f.nodes.push(node('src2', 'source', { connectionId: 'pg', object: 'issues' }))),
    );
    expect(stray).toContainEqual(
      expect.objectContaining({ nodeId: 'src2', message: expect.stringContaining('leads nowhere') }),
    );
    const three = errors(
      edit((f) =>
        f.nodes.push(
          node('src2', 'source', { connectionId: 'pg', object: 'issues' }),
          node('src3', 'source', { connectionId: 'pg', object: 'issues' }),
        ),
      ),
    );
    expect(three.map((p) => p.message)).toContain(
      '"src3": a flow has one source, or two when it syncs both ways.',
    );
    const noSource = errors(edit((f) => (f.nodes = f.nodes.filter((n) => n.id !== 'src'))));
    expect(noSource.map((p) => p.message)).toContain('The flow needs a source node.');
    const noDestination = errors(edit((f) => (f.nodes = f.nodes.filter((n) => n.id !== 'dest'))));
    expect(noDestination.map((p) => p.message)).toContain('The flow needs a destination node.');
  });

  it('reports a node that leads nowhere and a node not connected to the source', () => {
    const problems = errors(
      edit((f) => {
        f.nodes.push(node('dangling', 'filter', { rule: { '==': [1, 1] } }));
        f.edges.push({ id: 'e5', source: 'map', target: 'dangling' });
        f.nodes.push(node('island', 'filter', { rule: { '==': [1, 1] } }));
        f.edges.push({ id: 'e6', source: 'island', target: 'dest' });
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ nodeId: 'dangling', message: expect.stringContaining('leads nowhere') }),
        expect.objectContaining({
          nodeId: 'island',
          message: expect.stringContaining('not connected to the source'),
        }),
      ]),
    );
  });

  it('reports edges into a source, out of a destination, or to a port that does not exist', () => {
    const problems = errors(
      edit((f) => {
        f.edges.push({ id: 'in', source: 'map', target: 'src' });
        f.edges.push({ id: 'port', source: 'status', target: 'room', targetHandle: 'side-door' });
      }),
    );
    expect(problems.map((p) => p.message)).toEqual(
      expect.arrayContaining([
        '"src" is a Source node and takes no input.',
        '"room" has no input port "side-door".',
      ]),
    );
  });

  it("reports a node config that does not fit its type's schema, field by field", () => {
    const problems = errors(
      edit((f) => (nodeById(f, 'src').data.config = { object: 'issues', pageSize: 9000 })),
    );
    expect(problems.map((p) => [p.nodeId, p.field])).toEqual(
      expect.arrayContaining([
        ['src', 'connectionId'],
        ['src', 'pageSize'],
      ]),
    );
  });

  it('reports a mapping to a field the destination does not have', () => {
    const problems = errors(
      edit((f) =>
        (nodeById(f, 'map').data.config.update as unknown[]).push({
          target: 'u_nonexistent',
          value: { kind: 'constant', value: 'x' },
        }),
      ),
    );
    expect(problems[0]).toMatchObject({
      nodeId: 'map',
      field: 'update.1',
      message: '"map": Facilities work order has no field "u_nonexistent" (update).',
    });
  });

  it('reports a required destination field left unmapped for create', () => {
    const problems = errors(
      edit((f) => {
        const config = nodeById(f, 'map').data.config;
        config.create = (config.create as { target: string }[]).filter(
          (m) => m.target !== 'short_description',
        );
      }),
    );
    expect(problems[0]).toMatchObject({
      nodeId: 'map',
      field: 'create',
      message: expect.stringContaining('(short_description)'),
    });
  });

  it('reports an expression that does not compile', () => {
    const problems = errors(
      edit((f) => {
        (nodeById(f, 'map').data.config.create as unknown[]).push({
          target: 'priority',
          value: { kind: 'expression', expression: 'record.priority +* 2' },
        });
      }),
    );
    expect(problems[0]).toMatchObject({
      nodeId: 'map',
      message: expect.stringContaining('does not compile'),
    });
  });

  it('reports a mapped state the destination does not offer, on the status-map node', () => {
    const withoutOnHold: CompileEnvironment = {
      ...environment,
      destination: {
        ...NUVOLO_DESCRIPTION,
        objects: NUVOLO_DESCRIPTION.objects.map((o) =>
          o.name === WORK_ORDERS ? { ...o, statuses: o.statuses.filter((s) => s.value !== 'On Hold') } : o,
        ),
      },
    };
    expect(errors(validFlow(), withoutOnHold)).toEqual([
      expect.objectContaining({
        nodeId: 'status',
        field: 'table.2',
        message: '"status": Facilities work order has no state "On Hold".',
      }),
    ]);
  });

  it('warns, without stopping the plan, when a source status has no row', () => {
    const result = compile(
      edit((f) => {
        const config = nodeById(f, 'status').data.config;
        config.table = (config.table as { from: string }[]).filter((row) => row.from !== 'pending');
      }),
    );
    expect(result.plan).not.toBeNull();
    expect(result.problems).toEqual([
      expect.objectContaining({
        nodeId: 'status',
        severity: 'warning',
        message: expect.stringContaining('"pending" has no row'),
      }),
    ]);
  });

  it('reports a filter rule that is not JSON Logic', () => {
    const problems = errors(
      edit((f) => {
        f.nodes.push(node('only-closed', 'filter', { rule: { is_closed: [] } }));
        f.edges = f.edges.filter((e) => e.id !== 'e1');
        f.edges.push(
          { id: 'f1', source: 'src', target: 'only-closed' },
          { id: 'f2', source: 'only-closed', target: 'map' },
        );
      }),
    );
    expect(problems[0]).toMatchObject({
      nodeId: 'only-closed',
      field: 'rule',
      message: expect.stringContaining('Unrecognized operation'),
    });
  });

  it('refuses a source object that can only be looked up', () => {
    const withTeam: CompileEnvironment = {
      ...environment,
      source: {
        ...PLANGRID_DESCRIPTION,
        objects: [
          ...PLANGRID_DESCRIPTION.objects,
          {
            name: 'users',
            label: 'Project team',
            fields: [],
            statuses: [],
            statusField: null,
            syncable: false,
          },
        ],
      },
    };
    const problems = errors(
      edit((f) => (nodeById(f, 'src').data.config.object = 'users')),
      withTeam,
    );
    expect(problems).toEqual([
      expect.objectContaining({
        nodeId: 'src',
        field: 'object',
        message: expect.stringContaining('only be looked up'),
      }),
    ]);
  });

  it('reports a source object or destination table the systems do not have', () => {
    const problems = errors(
      edit((f) => {
        nodeById(f, 'src').data.config.object = 'submittals';
        nodeById(f, 'dest').data.config.object = 'incident';
      }),
    );
    expect(problems.map((p) => [p.nodeId, p.field])).toEqual(
      expect.arrayContaining([
        ['src', 'object'],
        ['dest', 'object'],
      ]),
    );
  });

  it('reports a second input into a single-input node, naming both edges and the bypassed filter', () => {
    const flow = edit((f) => {
      f.nodes.push({
        id: 'only-open',
        type: 'filter',
        position: { x: 0, y: 0 },
        data: { label: 'Only open issues', config: { rule: { '==': [{ var: 'status' }, 'open'] } } },
      });
      f.edges.push({ id: 'e-filter', source: 'src', target: 'only-open' });
      f.edges.push({ id: 'e-bypass', source: 'only-open', target: 'map' });
    });
    nodeById(flow, 'src').data.label = 'PlanGrid';
    nodeById(flow, 'map').data.label = 'Map fields';
    const problems = errors(flow);
    expect(problems).toContainEqual({
      nodeId: 'map',
      field: null,
      severity: 'error',
      edgeIds: ['e1', 'e-bypass'],
      message:
        'Field map "Map fields" has two inputs, source "PlanGrid" and filter "Only open issues": records taking the edge from source "PlanGrid" bypass filter "Only open issues". Remove that edge, or insert the nodes on it.',
    });
    // The source's second output is the same mistake seen from the other end.
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: 'src',
        edgeIds: ['e1', 'e-filter'],
        message: expect.stringContaining('has two outputs'),
      }),
    );
  });

  it('reports two inputs that do not bypass each other', () => {
    const flow = edit((f) => {
      f.nodes.push(node('map2', 'field-map', { create: [], update: [] }));
      f.edges.push({ id: 'e-loose', source: 'map2', target: 'status' });
    });
    expect(errors(flow)).toContainEqual(
      expect.objectContaining({
        nodeId: 'status',
        edgeIds: ['e2', 'e-loose'],
        message: expect.stringContaining('records would reach it two ways'),
      }),
    );
  });

  it('reports a lookup whose table or key field does not exist', () => {
    const noTable = errors(edit((f) => (nodeById(f, 'room').data.config.object = 'x_nuvo_rooms')));
    expect(noTable).toContainEqual(
      expect.objectContaining({
        nodeId: 'room',
        field: 'object',
        message: expect.stringContaining('x_nuvo_rooms'),
      }),
    );
    const noKey = errors(edit((f) => (nodeById(f, 'room').data.config.matchField = 'room_code')));
    expect(noKey).toContainEqual(
      expect.objectContaining({
        nodeId: 'room',
        field: 'matchField',
        message: expect.stringContaining('has no field "room_code"'),
      }),
    );
  });

  it('reports where an expression stops parsing, by line and column', () => {
    const problems = errors(
      edit((f) => {
        (nodeById(f, 'map').data.config.create as unknown[]).push({
          target: 'priority',
          value: { kind: 'expression', expression: 'record.title +' },
        });
      }),
    );
    expect(problems[0]).toMatchObject({
      nodeId: 'map',
      message: expect.stringContaining('line 1, column 15: the expression ends too early'),
    });
  });
});

describe('two-way flows', () => {
  /** The valid flow and a way back: Nuvolo work orders → state → status → PlanGrid issues (update only). */
  const twoWay = (change: (flow: Flow) => void = () => undefined): Flow =>
    edit((f) => {
      f.nodes.push(
        node('back', 'source', { connectionId: 'nv', object: WORK_ORDERS }),
        node('back-state', 'status-map', {
          sourceField: 'state',
          targetField: 'status',
          table: [
            { from: 'Closed Complete', to: 'in_review' },
            { from: 'Open', to: 'open' },
          ],
          unmapped: 'skip',
        }),
        node('back-dest', 'destination', {
          connectionId: 'pg',
          object: 'issues',
          operations: 'update-only',
          correlationField: null,
          writeBack: [],
        }),
      );
      f.edges.push(
        { id: 'b1', source: 'back', target: 'back-state' },
        { id: 'b2', source: 'back-state', target: 'back-dest' },
      );
      nodeById(f, 'dest').data.config.conflicts = { state: 'hold' };
      change(f);
    });

  it('compiles the way back against the systems swapped, tags its stages, and hands the engine the two-way fields', () => {
    // An instance whose states have values of their own (ServiceNow: `2` is Open, `5` Closed Complete).
    const numbered: CompileEnvironment = {
      ...environment,
      destination: {
        ...NUVOLO_DESCRIPTION,
        objects: NUVOLO_DESCRIPTION.objects.map((object) => ({
          ...object,
          statuses: object.statuses.map((s, i) => ({ value: String(i + 1), label: s.label })),
        })),
      },
    };
    const { plan, problems } = compile(twoWay(), numbered);
    expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
    const directions = Object.fromEntries(plan!.stages.map((s) => [s.nodeId, s.direction ?? 'forward']));
    expect(directions).toMatchObject({
      src: 'forward',
      dest: 'forward',
      back: 'reverse',
      'back-state': 'reverse',
      'back-dest': 'reverse',
    });
    const stage = (id: string) => plan!.stages.find((s) => s.nodeId === id)!;
    expect(stage('dest').config.twoWayFields).toEqual([
      { sourceField: 'status', destinationField: 'state', policy: 'hold' },
    ]);
    // States picked by label on the way back's source side are stored as the instance's values.
    expect(stage('back-state').config.table).toEqual([
      { from: '5', to: 'in_review' },
      { from: '2', to: 'open' },
    ]);
    expect(stage('back-dest').config).toMatchObject({ project: 'p-1' });
  });

  it('refuses a field written both ways without a conflict policy, on the forward destination', () => {
    const problems = errors(twoWay((f) => (nodeById(f, 'dest').data.config.conflicts = {})));
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: 'dest',
        field: 'conflicts',
        message: expect.stringContaining('state is written both ways'),
      }),
    );
  });

  it('warns of a policy on a field that is not written both ways', () => {
    const { problems } = compile(
      twoWay((f) => (nodeById(f, 'dest').data.config.conflicts = { state: 'hold', priority: 'hold' })),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('priority has a conflict policy'),
      }),
    );
  });

  it('needs exactly one way back, reading what the forward destination writes and writing what its source reads', () => {
    expect(
      errors(twoWay((f) => (nodeById(f, 'back-dest').data.config.operations = 'create-and-update'))).map(
        (p) => p.message,
      ),
    ).toContainEqual(expect.stringContaining('set exactly one of its two destinations to "update only"'));
    expect(errors(twoWay((f) => (nodeById(f, 'back').data.config.connectionId = 'other')))).toContainEqual(
      expect.objectContaining({ nodeId: 'back', message: expect.stringContaining('must read what') }),
    );
    expect(errors(twoWay((f) => (nodeById(f, 'back-dest').data.config.object = 'rfis')))).toContainEqual(
      expect.objectContaining({
        nodeId: 'back-dest',
        message: expect.stringContaining('must write to what'),
      }),
    );
  });

  it('refuses two directions that share a node', () => {
    const problems = errors(twoWay((f) => f.edges.push({ id: 'x', source: 'back-state', target: 'room' })));
    expect(problems.map((p) => p.message)).toContainEqual(
      expect.stringContaining('reached from both sources'),
    );
  });
});
