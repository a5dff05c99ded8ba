export * from './types.js';
export { compileFlow, type CompiledPlan, type CompileResult } from './compile.js';
