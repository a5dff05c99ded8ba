import { describe, expect, it } from 'vitest';
import { applyForm, formOf, parseDefinition, STARTER } from './builder-form';

describe('the connector builder form over a definition', () => {
  it('writes the form into the JSON and reads the same form back', () => {
    const form = {
      ...formOf(STARTER),
      baseUrl: 'https://acme.service-now.com',
      object: 'x_nuvo_eam_facilities_work_orders',
      fields: 'short_description, description',
      listPath: '/api/now/table/{{object}}',
      records: '$.result',
      offsetParam: 'sysparm_offset',
      limitParam: 'sysparm_limit',
      idField: 'sys_id',
      lookupParam: 'sysparm_query',
      lookupValue: '{{field}}={{value}}',
    };
    const definition = applyForm(STARTER, form);
    expect(definition).toMatchObject({
      baseUrl: 'https://acme.service-now.com',
      objects: [
        {
          name: 'x_nuvo_eam_facilities_work_orders',
          fields: [{ name: 'short_description' }, { name: 'description' }],
        },
      ],
      idField: 'sys_id',
      list: {
        path: '/api/now/table/{{object}}',
        records: '$.result',
        paginate: { kind: 'offset', offsetParam: 'sysparm_offset', limitParam: 'sysparm_limit' },
      },
      find: {
        path: '/api/now/table/{{object}}',
        query: { sysparm_query: '{{field}}={{value}}' },
        records: '$.result',
      },
    });
    expect(formOf(definition)).toEqual(form);
  });

  it('keeps what the form does not show, and leaves untouched parts as the JSON has them', () => {
    const definition = {
      ...STARTER,
      rateLimit: { requestsPerSecond: 5 },
      objects: [
        {
          name: 'items',
          fields: [{ name: 'title', required: true, type: 'string' }],
          statuses: [{ value: 'open', label: 'Open' }],
        },
      ],
    };
    const changed = applyForm(definition, {
      ...formOf(definition),
      fields: 'title, owner',
      authKind: 'bearer',
    });
    expect(changed.rateLimit).toEqual({ requestsPerSecond: 5 });
    expect(changed.auth).toEqual({ kind: 'bearer', token: '{{secrets.token}}' });
    expect(changed.objects).toEqual([
      {
        name: 'items',
        fields: [{ name: 'title', required: true, type: 'string' }, { name: 'owner' }],
        statuses: [{ value: 'open', label: 'Open' }],
      },
    ]);
    expect(changed.list).toBe(STARTER.list);
  });

  it('turning writes off removes them; JSON that is not an object says why', () => {
    const off = applyForm(STARTER, { ...formOf(STARTER), create: false });
    expect(off.create).toBeUndefined();
    expect(parseDefinition('{"auth": ')).toMatchObject({ ok: false });
    expect(parseDefinition('[1]')).toEqual({ ok: false, error: 'The definition is a JSON object: { … }.' });
  });
});
