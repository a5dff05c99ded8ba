import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';
import { TENANT_ADMIN } from './global-setup.js';

const SCREENSHOTS = fileURLToPath(new URL('../screenshots', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });

export interface Env {
  baseUrl: string;
  plangridUrl: string;
  nuvoloUrl: string;
}

interface Fixtures {
  env: Env;
  /** Saves a full-page screenshot of the current screen as `screenshots/<test>-<name>.png`. */
  shot: (name: string) => Promise<void>;
  /** Console errors and warnings of the page; the test fails when any remain. */
  consoleProblems: string[];
}

/** Every test: fails on any console error or warning, and can save screenshots per screen. */
export const test = base.extend<Fixtures>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  env: async ({}, use) => {
    await use({
      baseUrl: process.env.E2E_BASE_URL!,
      plangridUrl: process.env.E2E_PLANGRID_URL!,
      nuvoloUrl: process.env.E2E_NUVOLO_URL!,
    });
  },
  // eslint-disable-next-line no-empty-pattern
  baseURL: async ({}, use) => use(process.env.E2E_BASE_URL),
  consoleProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') {
        problems.push(`${message.type()}: ${message.text()}`);
      }
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await use(problems);
    expect(problems, 'console errors or warnings').toEqual([]);
  },
  shot: async ({ page }, use, testInfo) => {
    const slug = testInfo.title
      .replace(/[^a-z0-9]+/gi, '-')
      .toLowerCase()
      .slice(0, 40);
    await use(async (name) => {
      await page.screenshot({ path: `${SCREENSHOTS}/${slug}-${name}.png`, fullPage: true });
    });
  },
});

export { expect };

/** Signs in through the sign-in page as the Acme tenant admin. */
export async function signIn(page: Page, who = TENANT_ADMIN) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Integrations' })).toBeVisible();
}
