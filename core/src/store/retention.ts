import { ValidationError } from '../errors.js';
import type { PruneOptions } from './port.js';

/** A prune's options, checked the same way by every adapter: a batch is a whole number from 1 to 10,000. */
export function checkedPruneOptions(options: PruneOptions): PruneOptions {
  const { batchSize, runsBefore, eventsBefore } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000)
    throw new ValidationError(
      `A prune's batch size must be a whole number from 1 to 10,000, not ${batchSize}.`,
      {
        batchSize,
      },
    );
  for (const [name, date] of [
    ['runsBefore', runsBefore],
    ['eventsBefore', eventsBefore],
  ] as const)
    if (Number.isNaN(date.getTime()))
      throw new ValidationError(`A prune's ${name} is not a valid date.`, { name });
  return options;
}
