export * from './types.js';
export { compileFlow, type CompiledPlan, type CompileResult } from './compile.js';
export { changedPaths, diffFlows, type FlowChange } from './diff.js';
