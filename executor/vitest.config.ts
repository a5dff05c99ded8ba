import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'executor',
    include: ['src/**/*.test.ts'],
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 60_000,
  },
});
