import { afterEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../sandbox/index.js';
import { flowItem, runtimeContext } from '../testing/fixtures.js';
import { expressionId, fieldMapNode, type FieldMapConfig } from './definition.js';
import { runFieldMap } from './runtime.js';

const issue = {
  uid: 'pg-1',
  number: 42,
  title: 'Leaking pipe',
  due_at: '2026-03-05T17:30:00+02:00',
  created_by: { uid: 'u1', email: 'ana@acme.test' },
  assignees: [{ uid: 'u9', type: 'user' }],
  has_cost_impact: 'yes',
};

const config: FieldMapConfig = {
  ...fieldMapNode.config.parse({
    create: [
      { target: 'short_description', value: { kind: 'template', template: 'PG-{{number}}: {{title}}' } },
      { target: 'due_date', value: { kind: 'path', path: 'due_at' } },
      { target: 'u_source_system', value: { kind: 'constant', value: 'PlanGrid' } },
      { target: 'u_reporter', value: { kind: 'path', path: 'created_by.email' } },
      { target: 'u_assignee', value: { kind: 'path', path: 'assignees[0].uid' } },
      { target: 'u_cost', value: { kind: 'path', path: 'has_cost_impact' } },
      { target: 'description', value: { kind: 'expression', expression: 'text.upper(record.title)' } },
    ],
    update: [{ target: 'short_description', value: { kind: 'path', path: 'title' } }],
  }),
  fieldTypes: {
    due_date: { name: 'due_date', type: 'datetime', format: 'YYYY-MM-DD HH:mm:ss' },
    u_cost: { name: 'u_cost', type: 'boolean' },
  },
};

describe('field-map node', () => {
  let sandbox: Sandbox | undefined;
  afterEach(async () => sandbox?.close());

  const context = () => {
    sandbox = createSandbox({ expressions: fieldMapNode.expressions!(config, 'node-1') });
    return runtimeContext({ sandbox });
  };

  it('maps paths, constants, templates and expressions with type coercion for a create', async () => {
    const result = await runFieldMap([flowItem(issue)], config, context());
    expect(result.failed).toEqual([]);
    expect(result.out[0]!.fields).toEqual({
      short_description: 'PG-42: Leaking pipe',
      due_date: '2026-03-05 15:30:00',
      u_source_system: 'PlanGrid',
      u_reporter: 'ana@acme.test',
      u_assignee: 'u9',
      u_cost: true,
      description: 'LEAKING PIPE',
    });
  });

  it('uses the smaller update mapping for records already in the destination', async () => {
    const result = await runFieldMap(
      [flowItem(issue, { operation: 'update', destinationId: 'sys-1' })],
      config,
      context(),
    );
    expect(result.out[0]!.fields).toEqual({ short_description: 'Leaking pipe' });
  });

  it('fails only the record whose value cannot be coerced or whose expression throws', async () => {
    const throwing: FieldMapConfig = {
      ...config,
      create: [
        ...config.create.filter((m) => m.target !== 'description'),
        { target: 'description', value: { kind: 'expression', expression: 'record.missing.deep' } },
      ],
    };
    sandbox = createSandbox({
      expressions: { [expressionId('node-1', 'create', 'description')]: 'record.missing.deep' },
    });
    const result = await runFieldMap(
      [
        flowItem({ ...issue, uid: 'bad-date', due_at: 'next tuesday', missing: { deep: 'x' } }),
        flowItem(issue),
      ],
      throwing,
      runtimeContext({ sandbox }),
    );
    expect(result.failed.map((f) => [f.item.sourceId, f.kind])).toEqual([
      ['bad-date', 'mapping'],
      ['pg-1', 'expression'],
    ]);
    expect(result.failed[0]!.message).toContain('due_date needs a date and time');
  });
});
