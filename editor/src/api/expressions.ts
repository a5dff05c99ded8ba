import { api } from './base';

/** A helper an expression can call, as the sandbox that runs expressions offers it. */
export interface ExpressionHelper {
  name: string;
  signature: string;
  /** One line. */
  doc: string;
  example: string;
}

export type PreviewAnswer =
  | { ok: true; value: unknown }
  | {
      ok: false;
      error: {
        kind: 'syntax' | 'timeout' | 'memory' | 'error';
        message: string;
        /** Both from 1; a syntax error has them. */
        line?: number;
        column?: number;
      };
    };

export const expressionsApi = api.injectEndpoints({
  endpoints: (build) => ({
    expressionHelpers: build.query<ExpressionHelper[], void>({
      query: () => 'api/expressions/helpers',
      transformResponse: (answer: { items: ExpressionHelper[] }) => answer.items,
    }),
    /** Evaluates an expression on a sample record in the server's sandbox (its time and memory limits). */
    previewExpression: build.mutation<PreviewAnswer, { expression: string; record: Record<string, unknown> }>(
      {
        query: (body) => ({ url: 'api/expressions/preview', method: 'POST', body }),
      },
    ),
  }),
});

export const { useExpressionHelpersQuery, usePreviewExpressionMutation } = expressionsApi;
