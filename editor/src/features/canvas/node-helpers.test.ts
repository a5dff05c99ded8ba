import type { FlowNode } from '@isync/core';
import { describe, expect, it } from 'vitest';
import type { NodeType } from '../../api/types';
import { defaultConfig, problemInWords } from './new-node';
import { nodeFacts } from './node-facts';

const filterType: NodeType = {
  type: 'filter',
  label: 'Filter',
  icon: 'FilterAlt',
  category: 'transform',
  description: 'Lets through only the records that satisfy a JSON Logic rule.',
  ports: { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 },
  ui: {
    order: ['rule', 'description'],
    fields: {
      rule: { widget: 'json-logic', label: 'Rule' },
      description: { widget: 'text', label: 'In words' },
    },
  },
  configSchema: {
    type: 'object',
    properties: { rule: { type: 'object' }, description: { type: 'string', default: '' } },
    required: ['rule'],
  },
};

const statusMapType: NodeType = {
  ...filterType,
  type: 'status-map',
  label: 'Status map',
  ui: { order: ['table'], fields: { table: { widget: 'status-table', label: 'Status table' } } },
  configSchema: { type: 'object', properties: { table: { type: 'array', default: [] } } },
};

const node = (type: string, config: Record<string, unknown>): FlowNode => ({
  id: `${type}-1`,
  type,
  position: { x: 0, y: 0 },
  data: { config },
});

describe('a new node', () => {
  it("starts from its type's defaults", () => {
    expect(defaultConfig(filterType)).toEqual({ description: '' });
  });

  it("a status map starts from the settings' status mappings, so adding it again keeps its table", () => {
    const mappings = [{ from: 'open', to: 'Open' }];
    const config = defaultConfig(statusMapType, mappings);
    expect(config).toEqual({ table: [{ from: 'open', to: 'Open' }] });
    expect(config.table).not.toBe(mappings);
    expect(defaultConfig(statusMapType)).toEqual({ table: [] });
  });

  it("says a schema's complaint in words, naming the field as the form labels it", () => {
    const raw = {
      nodeId: 'filter-1',
      field: 'rule',
      severity: 'error' as const,
      message: '"Filter": rule: Invalid input: expected record, received undefined',
    };
    expect(problemInWords(raw, filterType).message).toBe('"Filter": Rule: not set yet: write the rule');
  });

  it('names the row of a table whose value is missing', () => {
    const raw = {
      nodeId: 'field-map',
      field: 'create.0.value.expression',
      severity: 'error' as const,
      message: '"Field map": create.0.value.expression: Too small: expected string to have >=1 characters',
    };
    const fieldMap = {
      ...filterType,
      ui: { order: ['create'], fields: { create: { widget: 'mapping-tables', label: 'Create (POST)' } } },
    };
    expect(problemInWords(raw, fieldMap).message).toBe('"Field map": Create (POST) row 1: empty: fill it in');
  });

  it('keeps a problem already in words', () => {
    const worded = {
      nodeId: 'filter-1',
      field: 'rule',
      severity: 'error' as const,
      message: '"Filter": rule: the rule must be a JSON Logic object such as {"==": [1, 1]}',
    };
    expect(problemInWords(worded, filterType)).toEqual(worded);
  });
});

describe('the key facts on a node card', () => {
  it('tells what each node reads, keeps, maps or writes', () => {
    expect(nodeFacts(node('source', { object: 'issues' }))).toBe('Reads issues');
    expect(nodeFacts(node('destination', {}))).toBe('No table chosen yet');
    expect(nodeFacts(node('filter', { rule: { '==': [{ var: 'status' }, 'open'] } }))).toBe(
      'status == "open"',
    );
    expect(nodeFacts(node('filter', { rule: {}, description: 'Only open issues' }))).toBe('Only open issues');
    expect(nodeFacts(node('field-map', { create: [{}, {}], update: [{}] }))).toBe(
      '2 fields on create, 1 on update',
    );
    expect(nodeFacts(node('status-map', { table: [{}] }))).toBe('1 status mapped');
    expect(nodeFacts(node('status-map', { table: [{}, {}] }))).toBe('2 statuses mapped');
  });
});
