import { contentHash, type PulledRecord } from '@isync/core';
import { getPath, type SourceRecordShape } from '@isync/nodes';

/** The source's status as text: a plain value, or a status object's label (PlanGrid RFIs). */
function statusText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'object') {
    const label = (value as Record<string, unknown>).label ?? (value as Record<string, unknown>).value;
    return label === undefined || label === null ? null : String(label);
  }
  return String(value);
}

/** A raw source record as the store keeps it: id, stable content hash, and the source's own status. */
export function toPulledRecord(raw: Record<string, unknown>, shape: SourceRecordShape): PulledRecord {
  const sourceId = getPath(raw, shape.idField);
  if (sourceId === undefined || sourceId === null || sourceId === '') {
    throw new Error(`A source record has no ${shape.idField}; it cannot be tracked.`);
  }
  return {
    sourceId: String(sourceId),
    sourceHash: contentHash(raw, shape.volatileFields),
    sourceData: raw,
    sourceStatus: shape.statusField ? statusText(getPath(raw, shape.statusField)) : null,
  };
}
