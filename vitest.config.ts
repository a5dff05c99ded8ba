import { defineConfig } from 'vitest/config';

// One vitest run over every workspace; each workspace with tests has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['*/vitest.config.ts'],
  },
});
