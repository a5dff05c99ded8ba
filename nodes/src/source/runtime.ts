import type { SourcePage } from '../connectors/connector.js';
import type { RuntimeContext } from '../definition.js';
import type { SourceConfig } from './definition.js';

/**
 * Pages of source records updated after `cursor` (or the date range's start), inside the date range.
 * The caller stores each page before asking for the next, and saves the page's cursor only then.
 */
export async function* pullPages(
  config: SourceConfig,
  cursor: string | null,
  context: Pick<RuntimeContext, 'connectors' | 'signal'>,
): AsyncGenerator<SourcePage> {
  const connector = await context.connectors.get(config.connectionId);
  const from = config.dateRange.from;
  const updatedAfter = cursor && (!from || cursor > from) ? cursor : from;
  yield* connector.list({
    object: config.object,
    ...(config.project !== undefined && { project: config.project }),
    updatedAfter,
    updatedBefore: config.dateRange.to,
    pageSize: config.pageSize,
    signal: context.signal,
  });
}
