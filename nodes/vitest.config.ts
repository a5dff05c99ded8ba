import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'nodes',
    include: ['src/**/*.test.ts'],
    // isolated-vm crashes Node 20 unless the startup snapshot is disabled (see its README).
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
  },
});
