import type { Collection, Document } from 'mongodb';
import { assembleInsights, localDays, type DailyRollup, type RollupCounters } from '../insights.js';
import type { InsightsRepository } from '../port.js';
import type { StoredDocument } from './codec.js';
import type { Collections } from './collections.js';
import { dailyRollupsPipeline, exceptionKindsPipeline, hourlyRollupsPipeline } from './queries.js';

const rows = <T extends Document>(
  collection: Collection<StoredDocument>,
  pipeline: Document[],
): Promise<T[]> => collection.aggregate<T>(pipeline).toArray();

/** Reads only the rollups (see insights.ts): two `$group`s over a few documents per integration and hour. */
export function mongoInsights({ runRollups, exceptionRollups }: Collections): InsightsRepository {
  return {
    async insights(tenantId, range, integrationId, zone = 'UTC') {
      // UTC days are grouped in the database; another zone's days are summed here from the hours.
      const daily = async (): Promise<DailyRollup[]> => {
        if (zone === 'UTC')
          return rows<DailyRollup>(runRollups, dailyRollupsPipeline(tenantId, range, integrationId));
        const hours = await rows<{ _id: Date } & RollupCounters>(
          runRollups,
          hourlyRollupsPipeline(tenantId, range, integrationId),
        );
        return localDays(
          hours.map(({ _id, ...counters }) => ({ hour: _id.toISOString(), ...counters })),
          zone,
        );
      };
      const [days, exceptionsByKind] = await Promise.all([
        daily(),
        rows<{ kind: string; count: number }>(
          exceptionRollups,
          exceptionKindsPipeline(tenantId, range, integrationId),
        ),
      ]);
      return assembleInsights({ days, exceptionsByKind });
    },
  };
}
