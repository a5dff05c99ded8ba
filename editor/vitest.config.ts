import { defineConfig } from 'vitest/config';

// The editor's pure logic (flow editing, change lists) in Node, and its components in jsdom (files marked
// `@vitest-environment jsdom`) with React Testing Library.
export default defineConfig({
  test: {
    name: 'editor',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/testing/setup.ts'],
  },
});
