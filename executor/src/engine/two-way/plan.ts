import type { Plan, PlanStage, TwoWayField } from '@isync/core';

/** A two-way plan split in its two directions (ARCHITECTURE.md, "Two-way sync"). */
export interface TwoWayPlan {
  forward: PlanStage[];
  reverse: PlanStage[];
  forwardDestination: PlanStage;
  reverseSource: PlanStage;
  reverseDestination: PlanStage;
  /** Fields written both ways, with who wins their conflicts (resolved by the compiler). */
  fields: TwoWayField[];
}

/** The forward direction's stages: all of a one-way plan. */
export const forwardStages = (plan: Plan): PlanStage[] =>
  plan.stages.filter((stage) => stage.direction !== 'reverse');

/** The plan's two directions, or null for a one-way plan. */
export function twoWayPlanOf(plan: Plan): TwoWayPlan | null {
  const reverse = plan.stages.filter((stage) => stage.direction === 'reverse');
  if (reverse.length === 0) return null;
  const forward = forwardStages(plan);
  const find = (stages: PlanStage[], type: string) => {
    const stage = stages.find((s) => s.type === type);
    if (!stage) throw new Error(`The two-way plan has no ${type} node in one direction; publish it again.`);
    return stage;
  };
  const forwardDestination = find(forward, 'destination');
  return {
    forward,
    reverse,
    forwardDestination,
    reverseSource: find(reverse, 'source'),
    reverseDestination: find(reverse, 'destination'),
    fields: (forwardDestination.config.twoWayFields as TwoWayField[] | undefined) ?? [],
  };
}
