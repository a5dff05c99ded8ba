import type { Schedule } from '@isync/core';
import { api } from './base';
import type { IntegrationView } from './types';

export interface TemplateSetting {
  name: string;
  label: string;
  kind: string;
  system?: string;
  required: boolean;
  help?: string;
}

/** A template as the gallery shows it: what it syncs, what it asks for, its nodes in order. */
export interface TemplateCard {
  id: string;
  title: string;
  description: string;
  systems: { source: string; destination: string };
  settings: TemplateSetting[];
  schedule: Schedule;
  nodes: { id: string; type: string; label: string }[];
  readme: string;
}

export interface FromTemplate {
  templateId: string;
  title?: string;
  sourceConnectionId: string;
  destinationConnectionId: string;
  project: string;
  dateRange: { from: string | null; to: string | null };
  timezone: string;
}

export const templatesApi = api.injectEndpoints({
  endpoints: (build) => ({
    templates: build.query<{ items: TemplateCard[] }, void>({ query: () => 'api/templates' }),
    createFromTemplate: build.mutation<IntegrationView, FromTemplate>({
      query: (body) => ({ url: 'api/integrations/from-template', method: 'POST', body }),
      invalidatesTags: [{ type: 'Integration', id: 'LIST' }],
    }),
  }),
});

export const { useTemplatesQuery, useCreateFromTemplateMutation } = templatesApi;
