import type { Collection, Document } from 'mongodb';
import { assembleInsights, type DailyRollup } from '../insights.js';
import type { InsightsRepository } from '../port.js';
import type { StoredDocument } from './codec.js';
import type { Collections } from './collections.js';
import { dailyRollupsPipeline, exceptionKindsPipeline } from './queries.js';

const rows = <T extends Document>(
  collection: Collection<StoredDocument>,
  pipeline: Document[],
): Promise<T[]> => collection.aggregate<T>(pipeline).toArray();

/** Reads only the rollups (see insights.ts): two `$group`s over a few documents per integration and hour. */
export function mongoInsights({ runRollups, exceptionRollups }: Collections): InsightsRepository {
  return {
    async insights(tenantId, range, integrationId) {
      const [days, exceptionsByKind] = await Promise.all([
        rows<DailyRollup>(runRollups, dailyRollupsPipeline(tenantId, range, integrationId)),
        rows<{ kind: string; count: number }>(
          exceptionRollups,
          exceptionKindsPipeline(tenantId, range, integrationId),
        ),
      ]);
      return assembleInsights({ days, exceptionsByKind });
    },
  };
}
