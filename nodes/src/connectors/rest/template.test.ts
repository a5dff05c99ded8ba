import { describe, expect, it } from 'vitest';
import { cursorPatternProblem, cursorUnitMicros, formatCursor } from './cursor-format.js';
import { parseInstant } from '../shared/instant.js';
import {
  MissingTemplateValue,
  placeholders,
  render,
  renderAll,
  renderBody,
  select,
  TemplateSyntaxError,
} from './template.js';

const values = {
  object: 'work orders',
  id: 'http://127.0.0.1:1/maximo/api/os/mxapiwodetail/_MTAwMQ',
  value: 'say "hi"',
  values: ['a', 'b'],
  fields: { description: 'Leak', wopriority: 2 },
  secrets: { apiKey: 'k-1' },
  options: { siteid: 'BEDFORD' },
  cursor: null,
};

describe('the template language', () => {
  it('fills names, dotted names and filters', () => {
    expect(render('{{options.siteid}}/{{secrets.apiKey | upper}}', values, 'query')).toBe('BEDFORD/K-1');
    expect(render('wonum={{value | json}}', values, 'query')).toBe('wonum="say \\"hi\\""');
    expect(render('externalrefid in {{values | json}}', values, 'query')).toBe('externalrefid in ["a","b"]');
    expect(render('{{values | join}}', values, 'query')).toBe('a,b');
    expect(render('{{secrets.apiKey | base64}}', values, 'header')).toBe(
      Buffer.from('k-1').toString('base64'),
    );
  });

  it('percent-encodes values in a path unless they are raw', () => {
    expect(render('/api/{{object}}', values, 'path')).toBe('/api/work%20orders');
    expect(render('{{id | raw}}', values, 'path')).toBe(values.id);
  });

  it('states the rule for missing values: required is an error naming it, optional leaves its holder out', () => {
    expect(() => render('/x/{{nope}}', values, 'path', 'list.path')).toThrow(MissingTemplateValue);
    expect(() => render('/x/{{nope}}', values, 'path', 'list.path')).toThrow(/\{\{nope\}\} in list\.path/);
    // Optional in a path is still an error: a path cannot lose a segment silently.
    expect(() => render('/x/{{nope?}}', values, 'path')).toThrow(MissingTemplateValue);
    // A null value is missing too.
    expect(() => renderAll({ since: '{{cursor}}' }, values, 'query')).toThrow(/\{\{cursor\}\}/);
    expect(renderAll({ since: 'after {{cursor?}}', limit: '10' }, values, 'query')).toEqual({ limit: '10' });
    expect(renderAll({ 'x-site': '{{options.siteid?}}' }, values, 'header')).toEqual({ 'x-site': 'BEDFORD' });
    expect(
      renderBody({ data: '{{fields}}', since: '{{cursor?}}', tags: ['{{cursor?}}', 'kept'] }, values),
    ).toEqual({ data: { description: 'Leak', wopriority: 2 }, tags: ['kept'] });
  });

  it('keeps a whole-placeholder body leaf as its value, and reads the placeholders of a template', () => {
    expect(renderBody('{{fields}}', values)).toEqual(values.fields);
    expect(renderBody({ n: '{{fields.wopriority}}', s: 'p{{fields.wopriority}}' }, values)).toEqual({
      n: 2,
      s: 'p2',
    });
    expect(placeholders('{{ a.b ? }} and {{c | json | upper}}')).toEqual([
      { name: 'a.b', optional: true, filters: [] },
      { name: 'c', optional: false, filters: ['json', 'upper'] },
    ]);
  });

  it('refuses templates it cannot read, saying what to write', () => {
    expect(() => placeholders('{{}}')).toThrow(TemplateSyntaxError);
    expect(() => placeholders('{{a | shout}}')).toThrow(/filter "shout".*json, raw/);
    expect(() => placeholders('{{a')).toThrow(/unclosed/);
    expect(() => placeholders('a}}')).toThrow(/stray/);
    expect(() => placeholders('{{1a}}')).toThrow(/does not name a value/);
  });

  it('selects simple JSON paths, and nothing through a missing step', () => {
    const body = { a: { 'odd key': [{ b: 1 }] }, list: [1, 2] };
    expect(select(body, '$')).toBe(body);
    expect(select(body, "$.a['odd key'][0].b")).toBe(1);
    expect(select(body, '$.list[1]')).toBe(2);
    expect(select(body, '$.a.missing.deeper')).toBeUndefined();
    expect(select(body, '$.toString')).toBeUndefined();
  });
});

describe('cursor formats', () => {
  const micros = parseInstant('2025-01-06T09:05:07.123456Z')!;

  it('writes presets and patterns: microseconds only where asked', () => {
    expect(formatCursor(micros, 'iso')).toBe('2025-01-06T09:05:07.123456Z');
    expect(formatCursor(micros, 'iso-ms')).toBe('2025-01-06T09:05:07.123Z');
    expect(formatCursor(micros, 'iso-seconds')).toBe('2025-01-06T09:05:07Z');
    expect(formatCursor(micros, 'YYYY-MM-DD HH:mm:ss')).toBe('2025-01-06 09:05:07');
    expect(formatCursor(micros, 'YYYY-MM-DD[T]HH:mm:ssZ')).toBe('2025-01-06T09:05:07+00:00');
    expect(formatCursor(micros, 'YYYYMMDD[T]HHmmssZZ')).toBe('20250106T090507+0000');
  });

  it("knows each pattern's smallest step, by which a strict cursor is written earlier", () => {
    expect(cursorUnitMicros('iso')).toBe(1);
    expect(cursorUnitMicros('iso-ms')).toBe(1000);
    expect(cursorUnitMicros("YYYY-MM-DD','HH:mm:ss")).toBe(1_000_000);
    expect(cursorUnitMicros('YYYY-MM-DD')).toBe(86_400_000_000);
  });

  it('refuses a pattern without a date', () => {
    expect(cursorPatternProblem('HH:mm')).toMatch(/has no YYYY/);
    expect(cursorPatternProblem('iso')).toBeNull();
    expect(cursorPatternProblem('[YYYY]-MM-DD')).toMatch(/has no YYYY/);
  });
});
