import { parseExpressionAt, tokenizer, tokTypes } from 'acorn';
/**
 * Expressions are JavaScript expressions over `record`, e.g. `text.upper(record.title)` or
 * `date.serviceNow(record.due_at)`. Each one becomes the body of a function `(record) => …`; this
 * module owns that wrapping so that checking (here, on the host) and running (in the isolate) agree.
 */

export interface ExpressionProblem {
  expressionId: string;
  message: string;
}

export type ExpressionCheck =
  | { ok: true }
  /** `line` and `column` (both from 1) point at where the expression stops making sense. */
  | { ok: false; message: string; line: number; column: number };

export const EXPRESSION_PARAMETER = 'record';

export function expressionFunctionBody(source: string): string {
  // The newline before `)` keeps a trailing `// comment` in the source from swallowing the paren.
  return `return (\n${source}\n);`;
}

// Parentheses kept, so that an expression's end is its closing parenthesis's, not its content's.
const PARSE_OPTIONS = { ecmaVersion: 'latest', locations: true, preserveParens: true } as const;

/** Line and column (from 1) of an offset in `source`. */
function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

function problem(source: string, offset: number, why: string): ExpressionCheck {
  const { line, column } = position(source, offset);
  return { ok: false, message: `line ${line}, column ${column}: ${why}`, line, column };
}

/** acorn's "Unexpected token (1:14)" without the position, said the way a user reads it. */
function syntaxWhy(source: string, error: SyntaxError & { pos?: number }): string {
  const why = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  if (error.pos !== undefined && error.pos >= source.trimEnd().length) {
    const trimmed = source.trimEnd();
    const last = trimmed.length <= 24 ? trimmed : `…${trimmed.slice(-20)}`;
    return `the expression ends too early, after "${last}": something is missing`;
  }
  return why.charAt(0).toLowerCase() + why.slice(1);
}

/**
 * Checks that `source` is exactly one JavaScript expression, without running it, and says where it is not:
 * acorn parses one expression and the rest must be only spaces and comments (so `1); doSomething(); (2`
 * and `1; 2` are refused). The Function constructor then parses it as the isolate will, so nothing the
 * engine's own parser refuses gets through.
 */
export function checkExpression(source: string): ExpressionCheck {
  if (source.trim() === '') return problem(source, 0, 'the expression is empty');
  let end: number;
  try {
    end = parseExpressionAt(source, 0, PARSE_OPTIONS).end;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    const at = (error as SyntaxError & { pos?: number }).pos ?? 0;
    return problem(source, at, syntaxWhy(source, error));
  }
  const rest = tokenizer(source.slice(end), PARSE_OPTIONS).getToken();
  if (rest.type !== tokTypes.eof) {
    return problem(
      source,
      end + rest.start,
      `unexpected "${source.slice(end + rest.start, end + rest.end)}" after the expression: an expression is one value, not statements`,
    );
  }
  try {
    new Function(EXPRESSION_PARAMETER, expressionFunctionBody(source));
    return { ok: true };
  } catch (error) {
    return problem(source, 0, `not a valid JavaScript expression (${(error as Error).message})`);
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
