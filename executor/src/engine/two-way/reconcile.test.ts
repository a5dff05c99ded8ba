import { describe, expect, it } from 'vitest';
import type { HeldConflict, TwoWayField } from '@isync/core';
import { instantOf, isEcho, reconcile, withLandedIntent, type ReconcileInput } from './reconcile.js';

const STATE: TwoWayField = { sourceField: 'status', destinationField: 'state', policy: 'hold' };

/** A pair where the forward mapping reads `title`/`status` and the way back writes `status`/`description`. */
const input = (overrides: Partial<ReconcileInput> = {}): ReconcileInput => ({
  forward: {
    now: { short_description: 'Leak', state: '1' },
    before: { short_description: 'Leak', state: '1' },
  },
  reverse: { now: { status: 'open' }, before: { status: 'open' } },
  sourceNow: { title: 'Leak', status: 'open' },
  destinationNow: { short_description: 'Leak', state: '1' },
  changed: { source: new Set(), destination: new Set() },
  twoWayFields: [STATE],
  held: [],
  changedAt: { source: 1_000, destination: 2_000 },
  at: '2026-12-07T10:00:00.000Z',
  ...overrides,
});

describe('reconcile', () => {
  it('sends only what a mapping makes differently of a side now than of its last sync', () => {
    const result = reconcile(
      input({
        forward: {
          now: { short_description: 'Leak in 2.14', state: '1' },
          before: { short_description: 'Leak', state: '1' },
        },
      }),
    );
    expect(result).toEqual({
      toDestination: { short_description: 'Leak in 2.14' },
      toSource: {},
      held: [],
      settled: [],
    });
  });

  it('sends nothing for a side that is as iSync left it', () => {
    expect(reconcile(input())).toEqual({ toDestination: {}, toSource: {}, held: [], settled: [] });
  });

  it('lets changes of different fields travel both ways at once', () => {
    const result = reconcile(
      input({
        forward: {
          now: { short_description: 'New', state: '1' },
          before: { short_description: 'Old', state: '1' },
        },
        reverse: { now: { status: 'in_review' }, before: { status: 'open' } },
      }),
    );
    expect(result.toDestination).toEqual({ short_description: 'New' });
    expect(result.toSource).toEqual({ status: 'in_review' });
    expect(result.settled).toEqual([]);
  });

  const bothChangedState = (
    policy: TwoWayField['policy'],
    changedAt = { source: 1_000, destination: 2_000 },
  ) =>
    reconcile(
      input({
        forward: {
          now: { short_description: 'Leak', state: '7' },
          before: { short_description: 'Leak', state: '1' },
        },
        reverse: { now: { status: 'in_review' }, before: { status: 'open' } },
        sourceNow: { title: 'Leak', status: 'closed' },
        destinationNow: { short_description: 'Leak', state: '3' },
        changed: { source: new Set(['status']), destination: new Set(['state']) },
        twoWayFields: [{ ...STATE, policy }],
        changedAt,
      }),
    );

  it('settles a conflict on a field written both ways by its policy', () => {
    expect(bothChangedState('source-wins')).toMatchObject({ toDestination: { state: '7' }, toSource: {} });
    expect(bothChangedState('destination-wins')).toMatchObject({
      toDestination: {},
      toSource: { status: 'in_review' },
    });
    expect(bothChangedState('latest-change-wins')).toMatchObject({
      toSource: { status: 'in_review' },
      toDestination: {},
    });
    expect(bothChangedState('latest-change-wins', { source: 3_000, destination: 2_000 })).toMatchObject({
      toDestination: { state: '7' },
      toSource: {},
    });
    expect(bothChangedState('source-wins').settled).toEqual([
      { sourceField: 'status', destinationField: 'state', policy: 'source-wins', winner: 'source' },
    ]);
  });

  it('holds a conflict for a person with both values, writing neither', () => {
    const result = bothChangedState('hold');
    expect(result.toDestination).toEqual({});
    expect(result.toSource).toEqual({});
    expect(result.held).toEqual([
      {
        sourceField: 'status',
        destinationField: 'state',
        sourceValue: 'closed',
        destinationValue: '3',
        toDestination: '7',
        toSource: 'in_review',
        at: '2026-12-07T10:00:00.000Z',
        decision: null,
        decidedBy: null,
        decidedAt: null,
      },
    ]);
  });

  const held = (decision: HeldConflict['decision']): HeldConflict => ({
    sourceField: 'status',
    destinationField: 'state',
    sourceValue: 'closed',
    destinationValue: '3',
    toDestination: '7',
    toSource: 'in_review',
    at: '2026-12-07T10:00:00.000Z',
    decision,
    decidedBy: decision && 'user-1',
    decidedAt: decision && '2026-12-07T10:05:00.000Z',
  });

  it('keeps a held field from travelling until someone decides, then writes the chosen value', () => {
    const undecided = reconcile(
      input({ held: [held(null)], reverse: { now: { status: 'pending' }, before: { status: 'open' } } }),
    );
    expect(undecided).toMatchObject({ toDestination: {}, toSource: {}, held: [held(null)] });
    expect(reconcile(input({ held: [held('source')] }))).toMatchObject({
      toDestination: { state: '7' },
      toSource: {},
      held: [],
      settled: [{ policy: 'decided', winner: 'source' }],
    });
    expect(reconcile(input({ held: [held('destination')] }))).toMatchObject({
      toDestination: {},
      toSource: { status: 'in_review' },
      held: [],
    });
  });

  it('does not write a value the side already holds', () => {
    const result = reconcile(
      input({
        forward: {
          now: { short_description: 'New', state: '1' },
          before: { short_description: 'Old', state: '1' },
        },
        destinationNow: { short_description: 'New', state: '1' },
      }),
    );
    expect(result.toDestination).toEqual({});
  });
});

describe('telling iSync’s own writes', () => {
  const bookkeeping = new Set(['sys_updated_on', 'sys_mod_count', 'sys_updated_by']);

  it('sees a side equal to its baseline but for bookkeeping as an echo, and any other difference as a change', () => {
    const baseline = {
      state: '3',
      close_notes: 'Fixed',
      sys_mod_count: 4,
      sys_updated_on: '2026-12-07 10:00:00',
    };
    expect(isEcho({ ...baseline, sys_mod_count: 5, sys_updated_by: 'isync' }, baseline, bookkeeping)).toBe(
      true,
    );
    expect(isEcho({ ...baseline, close_notes: 'Fixed twice' }, baseline, bookkeeping)).toBe(false);
    expect(isEcho({ ...baseline, extra: 'x' }, baseline, bookkeeping)).toBe(false);
    expect(isEcho(baseline, null, bookkeeping)).toBe(false);
  });

  it('takes an interrupted run’s writes that landed as its own, and leaves out those that did not', () => {
    const baseline = { state: '1', short_description: 'Old' };
    const now = { state: '1', short_description: 'New' };
    expect(withLandedIntent(baseline, now, { short_description: 'New' })).toEqual(now);
    expect(withLandedIntent(baseline, now, { state: '2' })).toEqual(baseline);
    expect(withLandedIntent(baseline, null, { state: '2' })).toEqual(baseline);
  });

  it('reads update times in ISO-8601 and ServiceNow’s format, both as UTC', () => {
    expect(instantOf('2026-12-07 10:00:00')).toBe(Date.parse('2026-12-07T10:00:00Z'));
    expect(instantOf('2026-12-07T10:00:00.123456Z')).toBe(Date.parse('2026-12-07T10:00:00.123Z'));
    expect(instantOf('')).toBeNull();
    expect(instantOf(7)).toBeNull();
  });
});

describe('a conflict whose change maps to nothing new', () => {
  /** PlanGrid's status set to pending while Nuvolo's state went to Closed Incomplete, under `policy`. */
  const closedIncomplete = (policy: TwoWayField['policy']) =>
    reconcile(
      input({
        forward: {
          now: { short_description: 'Leak', state: '4' },
          before: { short_description: 'Leak', state: '2' },
        },
        reverse: { now: { status: 'open' }, before: { status: 'open' } },
        sourceNow: { title: 'Leak', status: 'pending' },
        destinationNow: { short_description: 'Leak', state: '6' },
        changed: { source: new Set(['status']), destination: new Set(['state']) },
        twoWayFields: [{ ...STATE, policy }],
      }),
    );

  it('is still a conflict: both sides changed the field, so the policy decides', () => {
    // Nuvolo's Closed Incomplete maps back to `open`, what the issue was: the way back has nothing new to
    // say, yet writing the forward value would silently overwrite the technician's state.
    expect(closedIncomplete('hold')).toMatchObject({
      toDestination: {},
      toSource: {},
      held: [{ toDestination: '4', toSource: 'open' }],
    });
    expect(closedIncomplete('destination-wins')).toMatchObject({
      toDestination: {},
      toSource: { status: 'open' },
    });
    expect(closedIncomplete('source-wins')).toMatchObject({ toDestination: { state: '4' }, toSource: {} });
  });
});
