import jsonLogic from 'json-logic-js';
import { z } from 'zod';
import { defineNode } from '../definition.js';
import { runFilter } from './runtime.js';

/** The reason an item is filtered out, as shown in its record's timeline. */
export const filterReason = (rule: unknown) => `filtered out by the rule ${JSON.stringify(rule)}`;

/** Answers what is wrong with a JSON Logic rule, or null. */
export function ruleProblem(rule: unknown): string | null {
  if (!jsonLogic.is_logic(rule))
    return 'the rule must be a JSON Logic object such as {"==": [{"var": "status"}, "closed"]}';
  try {
    jsonLogic.apply(rule as jsonLogic.RulesLogic, {});
    return null;
  } catch (error) {
    return `the rule does not run: ${(error as Error).message}`;
  }
}

const config = z.object({
  rule: z.record(z.string(), z.unknown()),
  description: z.string().max(200).default(''),
});

export const filterNode = defineNode({
  type: 'filter',
  label: 'Filter',
  icon: 'FilterAlt',
  category: 'transform',
  description: 'Lets through only the records that satisfy a JSON Logic rule; the others are skipped.',
  ports: { in: ['items'], out: ['items'], maxInputs: 1, maxOutputs: 1 },
  config,
  // Called through a function: the runtime module imports this one (no cycle at load time).
  run: (items, config, context) => runFilter(items, config as FilterConfig, context),
  ui: {
    order: ['rule', 'description'],
    fields: {
      rule: { widget: 'json-logic', label: 'Rule', help: 'Records for which the rule is true continue.' },
      description: { widget: 'text', label: 'In words' },
    },
  },
  validate(config) {
    const problem = ruleProblem(config.rule);
    return problem ? [{ field: 'rule', severity: 'error', message: problem }] : [];
  },
});

export type FilterConfig = z.infer<typeof config>;
