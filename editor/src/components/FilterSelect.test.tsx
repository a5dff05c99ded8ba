// @vitest-environment jsdom
import { fireEvent, render, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { asOptions, FilterSelect } from './FilterSelect';

/** A list page's filter, kept in state as the pages keep theirs. */
function Filter({ anyValue, initial = '' }: { anyValue?: string; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <FilterSelect
        id="runs-status"
        label="Status"
        value={value}
        onChange={setValue}
        anyLabel="Any status"
        options={asOptions(['running', 'failed'])}
        {...(anyValue !== undefined && { anyValue })}
      />
      <output aria-label="filter">{JSON.stringify(value)}</output>
    </>
  );
}

const choose = (name: string) => {
  fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Status' }));
  fireEvent.click(within(screen.getByRole('listbox')).getByRole('option', { name }));
};

describe('FilterSelect', () => {
  it('is named by its label, lists "any" first, and sets the value chosen', () => {
    render(<Filter />);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Status' }));
    expect(
      within(screen.getByRole('listbox'))
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['Any status', 'running', 'failed']);
    fireEvent.click(screen.getByRole('option', { name: 'failed' }));
    expect(screen.getByLabelText('filter').textContent).toBe('"failed"');
    choose('Any status');
    expect(screen.getByLabelText('filter').textContent).toBe('""');
  });

  it('clears to its own "any" value where no value means something else', () => {
    render(<Filter anyValue="any" initial="running" />);
    choose('Any status');
    expect(screen.getByLabelText('filter').textContent).toBe('"any"');
  });
});
