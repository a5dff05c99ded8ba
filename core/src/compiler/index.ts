export * from './types.js';
export { compileFlow, type CompiledPlan, type CompileResult } from './compile.js';
export {
  flowDirections,
  forwardEnds,
  forwardNodes,
  type FlowDirection,
  type FlowDirections,
} from './directions.js';
export { changedPaths, diffFlows, type FlowChange } from './diff.js';
