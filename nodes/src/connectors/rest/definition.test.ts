import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import maximo from './definitions/maximo.json' with { type: 'json' };
import nuvolo from './definitions/nuvolo.json' with { type: 'json' };
import plangrid from './definitions/plangrid.json' with { type: 'json' };
import type { RestDefinitionInput } from './definition.js';
import { checkRestDefinition, restDefinitionJsonSchema } from './definition.js';
import { badDefinitions, HAND_WRITTEN_BAD_DEFINITIONS } from './bad-definitions.js';

const schema = restDefinitionJsonSchema();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const validates = ajv.compile(schema);

export const NUVOLO_TABLE_API: RestDefinitionInput = {
  auth: { kind: 'basic', username: '{{secrets.username}}', password: '{{secrets.password}}' },
  objects: [{ name: 'x_nuvo_eam_facilities_work_orders', fields: [{ name: 'short_description' }] }],
  idField: 'sys_id',
  list: {
    path: '/api/now/table/{{object}}',
    query: {
      sysparm_query: 'sys_updated_on>={{cursor}}^ORDERBYsys_updated_on',
      sysparm_limit: '{{pageSize}}',
    },
    records: '$.result',
    paginate: { kind: 'link-header' },
    cursor: { field: 'sys_updated_on', format: 'YYYY-MM-DD HH:mm:ss', initial: '1970-01-01 00:00:00' },
  },
};

describe('connector definitions: the schema', () => {
  it('accepts the shipped Maximo definition, by zod and by the JSON Schema generated from it', () => {
    expect(checkRestDefinition(maximo)).toMatchObject({ ok: true });
    expect(validates(maximo), JSON.stringify(validates.errors)).toBe(true);
    expect(validates(NUVOLO_TABLE_API)).toBe(true);
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['auth', 'objects', 'list'],
    });
  });

  it('accepts the PlanGrid and Nuvolo definitions (their connectors said as data), by zod and by the JSON Schema', () => {
    for (const definition of [plangrid, nuvolo]) {
      expect(checkRestDefinition(definition), definition.name).toMatchObject({ ok: true });
      expect(validates(definition), JSON.stringify(validates.errors)).toBe(true);
    }
  });

  it('refuses a strict cursor that is not a boolean, at its path', () => {
    const checked = checkRestDefinition({
      ...plangrid,
      list: { ...plangrid.list, cursor: { ...plangrid.list.cursor, strict: 'yes' } },
    });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems.map((p) => p.path)).toEqual(['$.list.cursor.strict']);
  });

  it('answers every problem of a hand-written bad definition at its JSON path', () => {
    for (const { definition, paths } of HAND_WRITTEN_BAD_DEFINITIONS) {
      const checked = checkRestDefinition(definition);
      expect(checked.ok, JSON.stringify(definition)).toBe(false);
      if (checked.ok) continue;
      expect(checked.problems.map((p) => p.path)).toEqual(expect.arrayContaining(paths));
      expect(checked.problems.every((p) => p.message.length > 0)).toBe(true);
    }
  });

  it('names the values a template may use where it uses one it may not', () => {
    const checked = checkRestDefinition({
      ...NUVOLO_TABLE_API,
      update: { path: '/api/now/table/{{object}}/{{value}}', query: { at: '{{cursor}}' } },
    });
    expect(checked).toMatchObject({
      ok: false,
      problems: [
        {
          path: '$.update.path',
          message: expect.stringContaining(
            '{{value}} has no value here; this part of the definition may use {{object}}, {{id}}, {{fields}}',
          ),
        },
        { path: '$.update.query.at', message: expect.stringContaining('{{cursor}} has no value here') },
      ],
    });
  });

  it('refuses 50 definitions generated from the JSON Schema, each problem at a path related to the change', () => {
    fc.assert(
      fc.property(badDefinitions([maximo, NUVOLO_TABLE_API], validates), ({ definition, path }) => {
        const checked = checkRestDefinition(definition);
        expect(checked.ok).toBe(false);
        if (checked.ok) return;
        const related = (problem: string) => problem.startsWith(path) || path.startsWith(problem);
        expect(
          checked.problems.some((p) => related(p.path)),
          `${path}: ${JSON.stringify(checked.problems)}`,
        ).toBe(true);
      }),
      { numRuns: 50, seed: 20 },
    );
  });
});
