import { describe, expect, it } from 'vitest';
import { NODE_TYPES, nodeCatalog, nodeTypesJson } from './registry.js';

describe('node registry', () => {
  it('lists every node type once, in palette order, for the compiler and the editor alike', () => {
    expect(NODE_TYPES.map((n) => n.type)).toEqual([
      'source',
      'filter',
      'field-map',
      'status-map',
      'lookup',
      'destination',
    ]);
    for (const definition of NODE_TYPES) expect(nodeCatalog.get(definition.type)).toBe(definition);
    expect(nodeCatalog.get('teleport')).toBeUndefined();
  });

  it('describes each node type as JSON: config as JSON Schema, a UI hint for every field in form order', () => {
    const json = JSON.parse(JSON.stringify(nodeTypesJson())) as ReturnType<typeof nodeTypesJson>;
    for (const nodeType of json) {
      const schema = nodeType.configSchema as { type: string; properties: Record<string, unknown> };
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties).sort()).toEqual([...nodeType.ui.order].sort());
      for (const field of nodeType.ui.order) expect(nodeType.ui.fields).toHaveProperty(field);
    }
    const statusMap = json.find((n) => n.type === 'status-map')!;
    expect(statusMap.ui.fields.table).toMatchObject({
      widget: 'status-table',
      picker: { from: 'source-status', to: 'destination-state' },
    });
  });
});
