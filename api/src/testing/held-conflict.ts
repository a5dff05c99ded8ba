import { emptyPairState, type HeldConflict, type Store } from '@isync/core';

/** A two-way conflict on PlanGrid `status` / Nuvolo `state`, held for a person to decide. */
export const HELD_STATUS_CONFLICT: HeldConflict = {
  sourceField: 'status',
  destinationField: 'state',
  sourceValue: 'pending',
  destinationValue: '6',
  toDestination: '4',
  toSource: 'open',
  at: '2026-12-07T10:00:00.000Z',
  decision: null,
  decidedBy: null,
  decidedAt: null,
};

/** Makes the record (one without a pair yet) hold that conflict, as a two-way run would. */
export async function holdConflict(store: Store, tenantId: string, recordId: string): Promise<void> {
  await store.records.savePairs(tenantId, [
    {
      recordId,
      expectedRevision: null,
      pair: { ...emptyPairState('pushed'), held: [HELD_STATUS_CONFLICT] },
      runId: null,
      at: new Date(),
    },
  ]);
}
