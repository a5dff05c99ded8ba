import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import type { ExpressionHelper } from '../../api/expressions';
import type { FieldDescription } from '../../api/types';

/** What an expression may name: the source record's fields and the sandbox's helpers. */
export function expressionCompletions(
  fields: readonly FieldDescription[],
  helpers: readonly ExpressionHelper[],
): Completion[] {
  return [
    ...fields.map((field) => ({
      label: `record.${field.name}`,
      detail: field.type,
      info: field.label,
      type: 'property',
    })),
    ...helpers.map((helper) => ({
      label: helper.name,
      detail: helper.signature,
      info: `${helper.doc} e.g. ${helper.example}`,
      type: 'function',
    })),
  ];
}

/** A completion source over dotted names (`record.ti` → `record.title`, `text.up` → `text.upper`). */
export function completionSource(options: () => Completion[]) {
  return (context: CompletionContext): CompletionResult | null => {
    const word = context.matchBefore(/[\w$.]+/);
    if (!word && !context.explicit) return null;
    return { from: word?.from ?? context.pos, options: options(), validFor: /^[\w$.]*$/ };
  };
}

/** The offset of a line and column (both from 1) in a text, kept inside it. */
export function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  const before = lines.slice(0, Math.max(0, line - 1)).reduce((sum, l) => sum + l.length + 1, 0);
  return Math.min(text.length, before + Math.max(0, column - 1));
}
