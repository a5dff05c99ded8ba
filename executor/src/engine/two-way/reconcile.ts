import { isDeepStrictEqual } from 'node:util';
import type { ConflictSide, HeldConflict, PairFields, TwoWayField } from '@isync/core';

/*
 * The heart of two-way sync, pure: given what each direction's mapping makes of its side now and as of the
 * last sync, which fields travel, which conflict and who wins. A direction's change is the difference between
 * its mapping of the side now and of the side's baseline (the side as last synced, with iSync's own writes
 * applied): a change iSync made itself maps to the same values and goes nowhere.
 */

/** A direction's mapping of its side now and as of the last sync (null: that direction has nothing to say). */
export interface MappedChange {
  now: PairFields;
  before: PairFields;
}

export interface ReconcileInput {
  forward: MappedChange | null;
  reverse: MappedChange | null;
  /** Each side as pulled now (the destination is null until the way back first pulled it). */
  sourceNow: PairFields;
  destinationNow: PairFields | null;
  /**
   * The fields a person changed on each side since the last sync: a field written both ways conflicts when
   * both sides changed it, whatever the mappings make of the changes.
   */
  changed: { source: ReadonlySet<string>; destination: ReadonlySet<string> };
  twoWayFields: readonly TwoWayField[];
  held: readonly HeldConflict[];
  /** When each side last changed, for "latest change wins" (null when the side does not tell). */
  changedAt: { source: number | null; destination: number | null };
  at: string;
}

/** One conflict settled by its policy, told in the record's timeline. */
export interface SettledConflict {
  sourceField: string;
  destinationField: string;
  policy: TwoWayField['policy'] | 'decided';
  winner: ConflictSide | null;
}

export interface Reconciled {
  /** The fields to write to each side. */
  toDestination: PairFields;
  toSource: PairFields;
  /** Conflicts still waiting for a person (those held before and not decided, and new ones). */
  held: HeldConflict[];
  /** Conflicts a policy or a person settled now. */
  settled: SettledConflict[];
}

const changes = (mapped: MappedChange | null): PairFields => {
  if (!mapped) return {};
  const changed: PairFields = {};
  for (const [field, value] of Object.entries(mapped.now))
    if (!isDeepStrictEqual(value, mapped.before[field])) changed[field] = value;
  return changed;
};

export function reconcile(input: ReconcileInput): Reconciled {
  const toDestination = changes(input.forward);
  const toSource = changes(input.reverse);
  const held: HeldConflict[] = [];
  const settled: SettledConflict[] = [];

  for (const conflict of input.held) {
    if (conflict.decision === null) {
      // Held: neither side's value travels until someone decides.
      delete toDestination[conflict.destinationField];
      delete toSource[conflict.sourceField];
      held.push(conflict);
      continue;
    }
    if (conflict.decision === 'source') {
      toDestination[conflict.destinationField] = conflict.toDestination;
      delete toSource[conflict.sourceField];
    } else {
      toSource[conflict.sourceField] = conflict.toSource;
      delete toDestination[conflict.destinationField];
    }
    settled.push({ ...fieldsOf(conflict), policy: 'decided', winner: conflict.decision });
  }

  for (const field of input.twoWayFields) {
    const { sourceField, destinationField } = field;
    if (!input.changed.source.has(sourceField) || !input.changed.destination.has(destinationField)) continue;
    if (held.some((conflict) => conflict.sourceField === sourceField)) continue;
    const winner = winnerOf(field.policy, input.changedAt);
    // What each side would get: its mapping of the other side now, changed or not.
    const candidates = {
      destination: input.forward?.now[destinationField],
      source: input.reverse?.now[sourceField],
    };
    if (winner === 'source' && candidates.destination !== undefined)
      toDestination[destinationField] = candidates.destination;
    if (winner === 'destination' && candidates.source !== undefined)
      toSource[sourceField] = candidates.source;
    if (winner === null) {
      held.push({
        sourceField,
        destinationField,
        sourceValue: input.sourceNow[sourceField] ?? null,
        destinationValue: input.destinationNow?.[destinationField] ?? null,
        toDestination: candidates.destination ?? null,
        toSource: candidates.source ?? null,
        at: input.at,
        decision: null,
        decidedBy: null,
        decidedAt: null,
      });
      delete toDestination[destinationField];
      delete toSource[sourceField];
    } else if (winner === 'source') delete toSource[sourceField];
    else delete toDestination[destinationField];
    settled.push({ sourceField, destinationField, policy: field.policy, winner });
  }

  // A value a side already holds is not written again (after a crash, the write may have landed).
  for (const [field, value] of Object.entries(toDestination))
    if (input.destinationNow && isDeepStrictEqual(input.destinationNow[field], value))
      delete toDestination[field];
  for (const [field, value] of Object.entries(toSource))
    if (isDeepStrictEqual(input.sourceNow[field], value)) delete toSource[field];
  return { toDestination, toSource, held, settled };
}

const fieldsOf = ({ sourceField, destinationField }: HeldConflict) => ({ sourceField, destinationField });

/** The side a policy lets win, or null when the conflict is held for a person. */
function winnerOf(
  policy: TwoWayField['policy'],
  changedAt: ReconcileInput['changedAt'],
): ConflictSide | null {
  switch (policy) {
    case 'source-wins':
      return 'source';
    case 'destination-wins':
      return 'destination';
    case 'hold':
      return null;
    case 'latest-change-wins':
      // Without both times, the source (the system of record the flow started from) wins.
      return changedAt.destination !== null &&
        changedAt.source !== null &&
        changedAt.destination > changedAt.source
        ? 'destination'
        : 'source';
  }
}

/**
 * A side's baseline after a crash: the writes it was about to receive that are there now landed, and are
 * iSync's own; those that are not are sent again.
 */
export function withLandedIntent(
  baseline: PairFields,
  now: PairFields | null,
  intent: PairFields | undefined,
): PairFields {
  if (!intent || !now) return baseline;
  const landed = Object.entries(intent).filter(([field, value]) => isDeepStrictEqual(now[field], value));
  return landed.length === 0 ? baseline : { ...baseline, ...Object.fromEntries(landed) };
}

/**
 * Whether a pulled side is iSync's own write coming back (or nothing a person changed): equal to its
 * baseline on every field but the system's bookkeeping (update times and counters, who changed it last).
 */
export function isEcho(
  now: PairFields,
  baseline: PairFields | null,
  bookkeeping: ReadonlySet<string>,
): boolean {
  if (!baseline) return false;
  const fields = new Set([...Object.keys(now), ...Object.keys(baseline)]);
  for (const field of fields) {
    if (bookkeeping.has(field)) continue;
    if (!isDeepStrictEqual(now[field], baseline[field])) return false;
  }
  return true;
}

/** A side's "updated at" value as milliseconds (ISO-8601 or ServiceNow's `YYYY-MM-DD HH:mm:ss`, UTC). */
export function instantOf(value: unknown): number | null {
  if (typeof value !== 'string' || value === '') return null;
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
}
