// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { NodeType, Problem } from '../../api/types';
import type { Way } from '../directions';
import { ConfigForm } from './ConfigForm';
import type { FormContext } from './ConfigField';

const destinationType: NodeType = {
  type: 'destination',
  label: 'Destination',
  icon: 'Output',
  category: 'destination',
  description: 'Writes records to a table.',
  ports: { in: ['items'], out: [], maxInputs: 1, maxOutputs: 0 },
  ui: {
    order: ['conflicts'],
    fields: {
      conflicts: {
        widget: 'conflict-policies',
        label: 'When both sides changed a field',
        help: 'Two-way flows: for each field written both ways, who wins when both sides changed it since the last sync.',
      },
    },
  },
  configSchema: {
    type: 'object',
    properties: { conflicts: { type: 'object', default: {} } },
  },
};

const workOrders = {
  name: 'x_nuvo_eam_facilities_work_orders',
  label: 'Facilities work orders',
  statuses: [],
  statusField: 'state',
  fields: [
    { name: 'state', label: 'State', type: 'string', required: false },
    { name: 'description', label: 'Description', type: 'string', required: false },
    { name: 'short_description', label: 'Short description', type: 'string', required: false },
  ],
};

function renderPolicies(config: Record<string, unknown>, way: Way | undefined, problems: Problem[] = []) {
  const onChange = vi.fn();
  const context: FormContext = {
    connections: [],
    objects: [],
    projects: [],
    source: undefined,
    destination: workOrders,
    way,
  };
  render(
    <ConfigForm
      nodeType={destinationType}
      config={config}
      onChange={onChange}
      context={context}
      problems={problems}
    />,
  );
  return onChange;
}

const pick = (name: string | RegExp, option: string) => {
  fireEvent.mouseDown(screen.getByRole('combobox', { name }));
  fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: option }));
};

describe('the conflict policies of a two-way flow', () => {
  it("shows each field's policy with the four policies to choose from", () => {
    const onChange = renderPolicies(
      { conflicts: { state: 'hold', description: 'latest-change-wins' } },
      'forward',
    );
    const group = screen.getByRole('group', { name: 'When both sides changed a field' });
    expect(within(group).getByRole('combobox', { name: 'State (state)' }).textContent).toBe(
      'Hold for review',
    );
    expect(within(group).getByRole('combobox', { name: 'Description (description)' }).textContent).toBe(
      'Latest change wins',
    );
    fireEvent.mouseDown(within(group).getByRole('combobox', { name: 'State (state)' }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map((o) => o.textContent),
    ).toEqual(['Source wins', 'Destination wins', 'Latest change wins', 'Hold for review']);
    fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name: 'Source wins' }));
    expect(onChange).toHaveBeenLastCalledWith({
      conflicts: { state: 'source-wins', description: 'latest-change-wins' },
    });
  });

  it('adds a row for a field the compiler says is written both ways without a policy', () => {
    const onChange = renderPolicies({ conflicts: {} }, 'forward', [
      {
        nodeId: 'destination',
        field: 'conflicts',
        severity: 'error',
        message:
          '"Nuvolo work orders": state is written both ways (from status, and back to status); choose who wins when both sides changed it since the last sync.',
      },
    ]);
    expect(screen.getByRole('combobox', { name: 'State (state)' }).textContent).not.toMatch(/wins|Hold/);
    expect(screen.getByRole('note').textContent).toMatch(/state is written both ways/);
    pick('State (state)', 'Hold for review');
    expect(onChange).toHaveBeenLastCalledWith({ conflicts: { state: 'hold' } });
  });

  it("adds a field picked from the destination's fields, and removes a policy", () => {
    const onChange = renderPolicies({ conflicts: { state: 'hold' } }, 'forward');
    pick('Add a field', 'Short description (short_description)');
    pick('Short description (short_description)', 'Destination wins');
    expect(onChange).toHaveBeenLastCalledWith({
      conflicts: { state: 'hold', short_description: 'destination-wins' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove the policy of state' }));
    expect(onChange).toHaveBeenLastCalledWith({ conflicts: {} });
  });

  it("on the way back's destination, sends the user to the forward destination", () => {
    renderPolicies({ conflicts: {} }, 'back');
    expect(screen.getByText(/Set on the forward direction's destination/)).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });

  it('in a one-way flow, says it applies to two-way flows only', () => {
    renderPolicies({ conflicts: {} }, 'one-way');
    expect(screen.getByText(/Only for two-way flows/)).toBeTruthy();
    expect(screen.queryByRole('combobox')).toBeNull();
  });
});
