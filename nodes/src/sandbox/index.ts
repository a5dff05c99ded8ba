export { createSandbox } from './sandbox.js';
export type {
  ExpressionError,
  ExpressionErrorKind,
  ExpressionResult,
  RecordResults,
  Sandbox,
  SandboxLogger,
  SandboxOptions,
} from './sandbox.js';
export { checkExpression, checkExpressions, ExpressionCompileError } from './compile.js';
export type { ExpressionCheck, ExpressionProblem } from './compile.js';
