import { describe, expect, it } from 'vitest';
import { getPath, parsePath, renderTemplate, topField } from './paths.js';

describe('source paths', () => {
  it('parses fields, nested fields and array indices', () => {
    expect(parsePath('title')).toEqual(['title']);
    expect(parsePath('created_by.email')).toEqual(['created_by', 'email']);
    expect(parsePath('assignees[0].uid')).toEqual(['assignees', 0, 'uid']);
    expect(topField('assignees[0].uid')).toBe('assignees');
  });

  it('parses a path once: the kept segments are shared and cannot be changed by a caller', () => {
    const first = parsePath('room.floor[2]');
    expect(parsePath('room.floor[2]')).toBe(first);
    expect(() => (first as (string | number)[]).push('x')).toThrow(TypeError);
    expect(parsePath('room.floor[2]')).toEqual(['room', 'floor', 2]);
  });

  it('reads own properties only, and undefined past a missing step', () => {
    const issue = { title: 'Leak', assignees: [{ uid: 'u-1' }], room: null };
    expect(getPath(issue, 'assignees[0].uid')).toBe('u-1');
    expect(getPath(issue, 'assignees[1].uid')).toBeUndefined();
    expect(getPath(issue, 'room.name')).toBeUndefined();
    expect(getPath(issue, 'title.length')).toBeUndefined();
    expect(getPath(issue, 'constructor')).toBeUndefined();
  });

  it('renders a template from the paths it names', () => {
    expect(renderTemplate('PG-{{ number }}: {{title}}{{missing}}', { number: 7, title: 'Leak' })).toBe(
      'PG-7: Leak',
    );
  });
});
