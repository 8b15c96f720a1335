// Browser tests of the console: the whole story through the real stack (`node dist/apps/stack/src/main.js`, the
// embedded OpenID provider, real HTTP) in Debian's Chromium. No browser is downloaded: CHROMIUM_PATH or /usr/bin/chromium.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'apps/console/e2e',
  testMatch: '**/*.e2e.ts',
  globalSetup: './apps/console/e2e/support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  reporter: process.env.CI ? [['list']] : [['line']],
  outputDir: '.data/playwright',
  use: {
    browserName: 'chromium',
    headless: true,
    locale: 'en-GB',
    timezoneId: 'Asia/Baku',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox'],
    },
    trace: 'off',
    screenshot: 'off',
  },
});
