// @vitest-environment jsdom
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { MappingRow } from '../api/integrations';
import type { FieldDescription } from '../api/types';
import { renderWithStore } from '../testing/render';
import { MappingTable, rowProblem } from './MappingTable';

const destinationFields: FieldDescription[] = [
  { name: 'short_description', label: 'Short description', type: 'string', required: true },
  { name: 'state', label: 'State', type: 'string', required: false },
];
const sourceFields: FieldDescription[] = [
  { name: 'title', label: 'Title', type: 'string', required: true },
  { name: 'number', label: 'Number', type: 'number', required: true },
];

function renderTable(rows: MappingRow[], extra: Partial<Parameters<typeof MappingTable>[0]> = {}) {
  const onChange = vi.fn();
  renderWithStore(
    <MappingTable
      label="Create (POST)"
      rows={rows}
      onChange={onChange}
      targetFields={destinationFields}
      sourceFields={sourceFields}
      {...extra}
    />,
  );
  return onChange;
}

const fromPath: MappingRow = { target: 'short_description', value: { kind: 'path', path: 'title' } };

describe('the mapping table', () => {
  it('shows a row per mapping with its destination field, kind and source field', () => {
    renderTable([fromPath]);
    expect(screen.getByRole('combobox', { name: 'Create (POST) row 1 destination field' }).textContent).toBe(
      'Short description (short_description) *',
    );
    expect(screen.getByRole('combobox', { name: 'Create (POST) row 1 kind' }).textContent).toBe(
      'Source field',
    );
    expect(screen.getByRole('combobox', { name: 'Create (POST) row 1 source field' }).textContent).toBe(
      'Title (title) *',
    );
  });

  it('says when nothing is mapped, adds a row and removes one', () => {
    const onChange = renderTable([]);
    expect(screen.getByText('No fields mapped yet.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Add a field to Create (POST)' }));
    expect(onChange).toHaveBeenLastCalledWith([{ target: '', value: { kind: 'path', path: '' } }]);
  });

  it('removes a row', () => {
    const onChange = renderTable([fromPath, { target: 'state', value: { kind: 'constant', value: '1' } }]);
    fireEvent.click(screen.getByRole('button', { name: 'Remove Create (POST) row 1' }));
    expect(onChange).toHaveBeenLastCalledWith([{ target: 'state', value: { kind: 'constant', value: '1' } }]);
  });

  it('a row switched to Expression starts empty and is written in the expression editor', () => {
    const onChange = renderTable([fromPath]);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Create (POST) row 1 kind' }));
    fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: 'Expression' }));
    expect(onChange).toHaveBeenLastCalledWith([
      { target: 'short_description', value: { kind: 'expression', expression: '' } },
    ]);
  });

  it('shows an expression in its code editor, with its parse error under it', () => {
    renderTable(
      [
        {
          target: 'short_description',
          value: { kind: 'expression', expression: 'text.upper(record.title)' },
        },
      ],
      { rowErrors: { 0: 'Does not parse: line 1, column 15: something is missing' } },
    );
    const editor = screen.getByRole('textbox', { name: 'Create (POST) row 1 expression' });
    expect(editor.textContent).toBe('text.upper(record.title)');
    expect(screen.getByText('Does not parse: line 1, column 15: something is missing')).toBeTruthy();
  });

  it('shows what a row lacks once asked to', () => {
    renderTable([{ target: '', value: { kind: 'template', template: 'PG-{{number}}' } }], {
      showErrors: true,
    });
    expect(screen.getByText('Pick the destination field')).toBeTruthy();
    expect(rowProblem({ target: 'state', value: { kind: 'template', template: ' ' } })).toBe(
      'Fill in the value',
    );
    expect(rowProblem({ target: 'state', value: { kind: 'constant', value: '' } })).toBeNull();
  });
});
