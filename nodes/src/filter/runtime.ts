import jsonLogic from 'json-logic-js';
import { emptyResult, type TransformRuntime } from '../definition.js';
import type { FilterConfig } from './definition.js';
import { filterReason } from './definition.js';

export const runFilter: TransformRuntime<FilterConfig> = async (items, config) => {
  const result = emptyResult();
  for (const item of items) {
    try {
      if (jsonLogic.truthy(jsonLogic.apply(config.rule as jsonLogic.RulesLogic, item.source)))
        result.out.push(item);
      else result.skipped.push({ item, reason: filterReason(config.rule) });
    } catch (error) {
      result.failed.push({
        item,
        kind: 'mapping',
        message: `The filter rule failed: ${(error as Error).message}`,
      });
    }
  }
  return result;
};
