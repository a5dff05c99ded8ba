import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser; the app and both simulators start in global setup.
export default defineConfig({
  testDir: './src',
  testMatch: '*.spec.ts',
  globalSetup: './src/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  // One retry on CI so a slow machine's hiccup does not sink a submission; the report still lists it as
  // flaky, and a flaky test is a bug to chase.
  retries: process.env.CI ? 1 : 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    viewport: { width: 1440, height: 900 },
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
