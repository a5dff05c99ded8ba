import { describe, expect, it } from 'vitest';
import { compileFlow, type CompileEnvironment, type Flow, type FlowNode } from '@isync/core';
import { nodeCatalog, planExpressions } from '../registry.js';
import { checkExpression } from '../sandbox/index.js';
import { NUVOLO_DESCRIPTION, PLANGRID_DESCRIPTION } from '../testing/fixtures.js';

/*
 * What the compiler says about the destination side: the correlation field belongs to the destination node,
 * and "match existing records by" names a field the destination has and a value that can be computed.
 */

const environment: CompileEnvironment = {
  source: PLANGRID_DESCRIPTION,
  destination: NUVOLO_DESCRIPTION,
  checkExpression: (source) => {
    const result = checkExpression(source);
    return result.ok ? null : result.message;
  },
};

const node = (id: string, type: string, config: Record<string, unknown>, label?: string): FlowNode => ({
  id,
  type,
  position: { x: 0, y: 0 },
  data: { config, ...(label && { label }) },
});

const WORK_ORDERS = 'x_nuvo_eam_facilities_work_orders';

function flow(map: Record<string, unknown>, destination: Record<string, unknown> = {}): Flow {
  return {
    schemaVersion: 1,
    nodes: [
      node('src', 'source', { connectionId: 'pg', object: 'issues', project: 'p-1' }),
      node('map', 'field-map', map, 'Map fields'),
      node('dest', 'destination', { connectionId: 'nv', object: WORK_ORDERS, ...destination }),
    ],
    edges: [
      { id: 'e1', source: 'src', target: 'map' },
      { id: 'e2', source: 'map', target: 'dest' },
    ],
  };
}

const titled = { target: 'short_description', value: { kind: 'path', path: 'title' } };
const problems = (f: Flow) => compileFlow(f, nodeCatalog, environment).problems;

describe('compiling the destination side', () => {
  it('refuses a mapping of the correlation field, saying why and what to do', () => {
    const mapped = { target: 'correlation_id', value: { kind: 'template', template: 'PG-{{number}}' } };
    expect(problems(flow({ create: [titled, mapped], update: [mapped] }))).toEqual([
      {
        nodeId: 'map',
        field: 'create.1',
        severity: 'error',
        // The compiler names the node first ("Map fields"); the rest is the field map's own words.
        message: expect.stringMatching(
          /"Map fields": "correlation_id" is the destination node's correlation field: iSync writes the PlanGrid id there to find the facilities work order again after a crash\. Map another field, or change the correlation field on the destination node\.$/,
        ),
      },
      expect.objectContaining({ nodeId: 'map', field: 'update.0', severity: 'error' }),
    ]);
  });

  it('lets the field be mapped once the destination node keeps the source id in another field', () => {
    const mapped = { target: 'correlation_id', value: { kind: 'template', template: 'PG-{{number}}' } };
    const moved = flow({ create: [titled, mapped] }, { correlationField: 'u_source_system' });
    expect(problems(moved)).toEqual([]);
  });

  it('compiles "match existing records by" with a path, a template or an expression', () => {
    for (const value of [
      { kind: 'path', path: 'uid' },
      { kind: 'template', template: 'PG-{{number}}' },
      { kind: 'expression', expression: '`PG-${record.number}`' },
    ]) {
      const { plan, problems: found } = compileFlow(
        flow({ create: [titled] }, { matchExisting: { field: 'number', value } }),
        nodeCatalog,
        environment,
      );
      expect(found).toEqual([]);
      expect(plan!.stages.at(-1)!.config.matchExisting).toEqual({ field: 'number', value });
      expect(planExpressions(plan!)).toEqual(
        value.kind === 'expression' ? { 'dest:match': '`PG-${record.number}`' } : {},
      );
    }
    const { plan } = compileFlow(flow({ create: [titled] }), nodeCatalog, environment);
    expect(plan!.stages.at(-1)!.config.matchExisting).toBeNull();
  });

  it('refuses a match field the destination does not have, a constant and an expression that does not parse', () => {
    const match = (field: string, value: Record<string, unknown>) =>
      problems(flow({ create: [titled] }, { matchExisting: { field, value } }));
    expect(match('u_external_ref', { kind: 'path', path: 'uid' })).toEqual([
      {
        nodeId: 'dest',
        field: 'matchExisting.field',
        severity: 'error',
        message: expect.stringMatching(
          /: Facilities work order has no field "u_external_ref" to match existing records by\.$/,
        ),
      },
    ]);
    expect(match('number', { kind: 'constant', value: 'PG-1' })).toEqual([
      expect.objectContaining({
        field: 'matchExisting.value',
        message: expect.stringContaining('a constant would match every record to the same'),
      }),
    ]);
    expect(match('number', { kind: 'expression', expression: 'record.number +' })).toEqual([
      expect.objectContaining({
        field: 'matchExisting.value',
        message: expect.stringContaining('does not compile'),
      }),
    ]);
  });

  it('offers the match key to the editor as one widget', () => {
    const hint = nodeCatalog.get('destination') as unknown as {
      ui: { order: string[]; fields: Record<string, { widget: string }> };
    };
    expect(hint.ui.order).toContain('matchExisting');
    expect(hint.ui.fields.matchExisting?.widget).toBe('match-key');
  });
});
