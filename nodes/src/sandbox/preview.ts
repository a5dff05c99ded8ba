import { checkExpression } from './compile.js';
import { createSandbox, type ExpressionErrorKind } from './sandbox.js';

export type PreviewError =
  | { kind: 'syntax'; message: string; line: number; column: number }
  | { kind: ExpressionErrorKind; message: string };

export type PreviewAnswer = { ok: true; value: unknown } | { ok: false; error: PreviewError };

export interface PreviewLimits {
  timeoutMs: number;
  memoryLimitMb: number;
}

/** A preview runs under tighter limits than a plan's batches: it is one record, typed by a person. */
export const PREVIEW_LIMITS: PreviewLimits = { timeoutMs: 1000, memoryLimitMb: 32 };

/**
 * Evaluates one expression on one sample record in a sandbox of its own, with the same checks and helpers a
 * run uses: what the editor's preview shows is what the field map will compute.
 */
export async function previewExpression(
  expression: string,
  record: Record<string, unknown>,
  limits: PreviewLimits = PREVIEW_LIMITS,
): Promise<PreviewAnswer> {
  const check = checkExpression(expression);
  if (!check.ok) {
    return {
      ok: false,
      error: { kind: 'syntax', message: check.message, line: check.line, column: check.column },
    };
  }
  const sandbox = createSandbox({ expressions: { preview: expression }, ...limits });
  try {
    const [result] = await sandbox.evaluate('preview', [record]);
    return result!.ok ? { ok: true, value: result!.value } : { ok: false, error: result!.error };
  } finally {
    await sandbox.close();
  }
}
