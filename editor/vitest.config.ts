import { defineConfig } from 'vitest/config';

// The editor's pure logic (flow editing, change lists) and components rendered to markup, in Node.
export default defineConfig({
  test: { name: 'editor', include: ['src/**/*.test.{ts,tsx}'] },
});
