import { api } from './base';
import type { NodeType } from './types';

export const nodeTypesApi = api.injectEndpoints({
  endpoints: (build) => ({
    nodeTypes: build.query<NodeType[], void>({
      query: () => 'api/node-types',
      transformResponse: (answer: { items: NodeType[] }) => answer.items,
      providesTags: ['NodeTypes'],
    }),
  }),
});

export const { useNodeTypesQuery } = nodeTypesApi;
