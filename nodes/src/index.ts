export * from './sandbox/index.js';
export * from './http/index.js';
export * from './definition.js';
export * from './registry.js';
export { getPath, renderTemplate, parsePath } from './paths.js';
export { coerce } from './coerce.js';
export { sourceNode, type SourceConfig } from './source/definition.js';
export { pullPages } from './source/runtime.js';
export { filterNode, type FilterConfig } from './filter/definition.js';
export { runFilter } from './filter/runtime.js';
export {
  fieldMapNode,
  expressionId,
  type FieldMapConfig,
  type FieldMapping,
} from './field-map/definition.js';
export { runFieldMap } from './field-map/runtime.js';
export { statusMapNode, type StatusMapConfig } from './status-map/definition.js';
export { runStatusMap } from './status-map/runtime.js';
export { lookupNode, type LookupConfig } from './lookup/definition.js';
export { runLookup } from './lookup/runtime.js';
export { LookupCache, type LookupCacheOptions, type PlanLookups } from './lookup/cache.js';
export {
  destinationNode,
  matchExpressionId,
  type DestinationConfig,
  type MatchExisting,
} from './destination/definition.js';
export type * from './connectors/connector.js';
export {
  needsMatch,
  needsPushIntent,
  pushItem,
  PushRefused,
  type LinkCandidate,
  type LinkKey,
  type PushIntent,
  type PushOutcome,
  type PushRequest,
} from './destination/runtime.js';
export { decideMatches, matchKeys, type MatchDecision, type MatchKey } from './destination/match.js';
export * from './connectors/index.js';
export * from './failures.js';
