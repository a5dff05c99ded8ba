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
export { EXPRESSION_HELPERS, HELPER_INVENTORY_EXPRESSION, type ExpressionHelper } from './helpers-doc.js';
export { previewExpression, PREVIEW_LIMITS, type PreviewAnswer, type PreviewError } from './preview.js';
export { SandboxPool, type SandboxPoolOptions } from './pool.js';
