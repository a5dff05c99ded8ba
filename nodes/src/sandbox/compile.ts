/**
 * Expressions are JavaScript expressions over `record`, e.g. `text.upper(record.title)` or
 * `date.serviceNow(record.due_at)`. Each one becomes the body of a function `(record) => …`; this
 * module owns that wrapping so that checking (here, on the host) and running (in the isolate) agree.
 */

export interface ExpressionProblem {
  expressionId: string;
  message: string;
}

export type ExpressionCheck = { ok: true } | { ok: false; message: string };

export const EXPRESSION_PARAMETER = 'record';

export function expressionFunctionBody(source: string): string {
  // The newline before `)` keeps a trailing `// comment` in the source from swallowing the paren.
  return `return (\n${source}\n);`;
}

/**
 * Checks that `source` is one JavaScript expression, without running it: the Function constructor
 * only parses. Parsing it once more inside `[ … ]` rejects sources that close the parenthesis and
 * smuggle in statements (`1); doSomething(); (2`), which parse in `( … )` but never in `[ … ]`.
 */
export function checkExpression(source: string): ExpressionCheck {
  if (source.trim() === '') return { ok: false, message: 'the expression is empty' };
  try {
    new Function(EXPRESSION_PARAMETER, expressionFunctionBody(source));
    new Function(EXPRESSION_PARAMETER, `return [\n${source}\n];`);
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `not a valid JavaScript expression (${message})` };
  }
}

export function checkExpressions(expressions: Readonly<Record<string, string>>): ExpressionProblem[] {
  const problems: ExpressionProblem[] = [];
  for (const [expressionId, source] of Object.entries(expressions)) {
    const check = checkExpression(source);
    if (!check.ok) problems.push({ expressionId, message: check.message });
  }
  return problems;
}

export class ExpressionCompileError extends Error {
  readonly problems: readonly ExpressionProblem[];

  constructor(problems: readonly ExpressionProblem[]) {
    super(problems.map((p) => `Expression "${p.expressionId}" does not compile: ${p.message}`).join('; '));
    this.name = 'ExpressionCompileError';
    this.problems = problems;
  }
}
