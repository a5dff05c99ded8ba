import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'templates',
    include: ['src/**/*.test.ts'],
    // The end-to-end runs load isolated-vm, which crashes Node 20 with the startup snapshot.
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 60_000,
  },
});
