// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { NodeType } from '../../api/types';
import { ConfigForm } from './ConfigForm';
import type { FormContext } from './ConfigField';

const filterType: NodeType = {
  type: 'filter',
  label: 'Filter',
  icon: 'FilterAlt',
  category: 'transform',
  description: 'Lets through only the records that satisfy a JSON Logic rule; the others are skipped.',
  ports: { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 },
  ui: {
    order: ['rule', 'description'],
    fields: {
      rule: { widget: 'json-logic', label: 'Rule', help: 'Records for which the rule is true continue.' },
      description: { widget: 'text', label: 'In words' },
      onMissing: {
        widget: 'select',
        label: 'When the field is missing',
        options: [
          { value: 'skip', label: 'Skip the record' },
          { value: 'fail', label: 'Fail the record' },
        ],
      },
      title: { widget: 'text', label: 'Title' },
    },
  },
  configSchema: {
    type: 'object',
    properties: {
      rule: { type: 'object' },
      description: { type: 'string', default: '', maxLength: 200 },
      onMissing: { type: 'string', enum: ['skip', 'fail'], default: 'skip' },
      title: { type: 'string' },
    },
    required: ['rule', 'title'],
  },
};

const context: FormContext = {
  connections: [],
  objects: [],
  projects: [],
  source: undefined,
  destination: undefined,
};

function renderForm(
  config: Record<string, unknown>,
  problems: Parameters<typeof ConfigForm>[0]['problems'] = [],
) {
  const onChange = vi.fn();
  render(
    <ConfigForm
      nodeType={filterType}
      config={config}
      onChange={onChange}
      context={context}
      problems={problems}
    />,
  );
  return onChange;
}

describe('the config form', () => {
  it("draws one field per config property from the node type, with the type's description", () => {
    renderForm({ description: '' });
    expect(screen.getByText(/Lets through only the records/)).toBeTruthy();
    expect(screen.getByLabelText('Rule')).toBeTruthy();
    expect(screen.getByLabelText('In words')).toBeTruthy();
    expect(screen.getByRole('combobox', { name: 'When the field is missing' }).textContent).toBe(
      'Skip the record',
    );
  });

  it('shows each compile problem in words next to its field', () => {
    renderForm({ description: '' }, [
      { nodeId: 'filter-1', field: 'rule', severity: 'error', message: 'Rule: not set yet: write the rule' },
    ]);
    const note = screen.getByRole('note');
    expect(note.textContent).toBe('Rule: not set yet: write the rule');
    // Next to the Rule field: its sibling, not the form's end.
    expect(note.parentElement!.querySelector('textarea')).toBe(screen.getByLabelText('Rule'));
  });

  it('changes the rule only once its text parses as JSON', () => {
    const onChange = renderForm({ description: '' });
    fireEvent.change(screen.getByLabelText('Rule'), { target: { value: '{"==": [{"var": "status"' } });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByText('Not valid JSON yet')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Rule'), {
      target: { value: '{"==": [{"var": "status"}, "open"]}' },
    });
    expect(onChange).toHaveBeenLastCalledWith({
      description: '',
      rule: { '==': [{ var: 'status' }, 'open'] },
    });
  });

  it('says a required text field is missing, and sets a choice picked from its options', () => {
    const onChange = renderForm({ rule: { '==': [1, 1] } });
    expect(screen.getByText('Title is required')).toBeTruthy();
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'When the field is missing' }));
    fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: 'Fail the record' }));
    expect(onChange).toHaveBeenLastCalledWith({ rule: { '==': [1, 1] }, onMissing: 'fail' });
  });

  it('drops a field emptied to nothing from the config', () => {
    const onChange = renderForm({ rule: { '==': [1, 1] }, description: 'x' });
    fireEvent.change(screen.getByLabelText('Rule'), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith({ description: 'x' });
  });
});
