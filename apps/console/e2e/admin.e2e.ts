import { expect, test, type Page } from '@playwright/test';
import { consoleUrl, expectAccessible, expectNoRawKeys, newSignedInPage, signIn } from './support/console';
import { DEMO_PASSWORD } from './support/stack';

const EXPIRED = /^(Your session has ended|Sessiyanız başa çatıb|Ваш сеанс завершён)$/;
const SIGN_IN_AGAIN = /^(Sign in again|Yenidən daxil ol|Войти снова)$/;

test('an expired session that cannot be renewed ends on a clear screen with nothing of the work left, then signs in again', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await signIn(page, 'dost.manager');
  await expect(page.locator('main#main h1')).toBeVisible();
  // The provider stops renewing (its token endpoint unreachable), and the 10-minute access token runs out.
  const tokenEndpoint = (url: URL): boolean => url.pathname === '/token';
  await page.route(tokenEndpoint, (route) => route.abort());
  await page.clock.fastForward('11:00');
  await expect(page.getByRole('heading', { level: 1, name: EXPIRED })).toBeVisible();
  await expect(page.locator('main#main')).toHaveCount(0);
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await expectAccessible(page, 'expired session');
  await page.unroute(tokenEndpoint);
  await page.getByRole('button', { name: SIGN_IN_AGAIN }).click();
  const username = page.locator('#username');
  await expect(page.locator('main#main').or(username)).toBeVisible();
  if (await username.isVisible()) {
    await username.fill('dost.manager');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await expect(page.locator('main#main')).toBeVisible();
  await context.close();
});

async function openStaff(admin: Page): Promise<void> {
  await admin.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
  await admin.getByRole('link', { name: 'Staff' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible();
}

/** Deactivates or reactivates the auditor (a member of the administrator's own organisation, the State Committee). */
async function setAuditorActive(admin: Page, active: boolean): Promise<void> {
  await admin.getByRole('button', { name: 'Change Auditor' }).click();
  const edit = admin.getByRole('region', { name: 'Change Auditor' });
  await edit.getByRole('button', { name: active ? 'Reactivate' : 'Deactivate' }).click();
  await expect(edit.getByText('Saved.')).toBeVisible();
  const row = admin
    .getByRole('row')
    .filter({ has: admin.getByRole('cell', { name: 'Auditor', exact: true }) });
  await expect(row.getByRole('cell', { name: active ? 'Active' : 'Deactivated', exact: true })).toBeVisible();
}

test('navigation follows the role; the administrator deactivates a member, who then meets a plain page instead of the console', async ({
  browser,
}) => {
  const admin = await newSignedInPage(browser, 'admin', 'en');
  const nav = admin.getByRole('navigation');
  await expect(nav.getByRole('link', { name: 'Administration' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Open a case' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Audit trail' })).toHaveCount(0);
  await openStaff(admin);
  await expectNoRawKeys(admin);
  await expectAccessible(admin, 'staff administration');
  // Each screen once its data has arrived: the directory's table; the webhooks' lists (none registered yet).
  for (const [link, ready] of [
    ['Organisations', admin.getByRole('table').first()],
    ['Webhooks', admin.getByText('No delivery has failed.')],
  ] as const) {
    await nav.getByRole('link', { name: 'Administration' }).click();
    await admin.getByRole('link', { name: link }).click();
    await expect(admin.getByRole('heading', { level: 1, name: link })).toBeVisible();
    await expect(ready).toBeVisible();
    await expectNoRawKeys(admin);
    await expectAccessible(admin, `${link} administration`);
  }
  await nav.getByRole('link', { name: /^Notifications/ }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expectAccessible(admin, 'notifications');
  await admin.getByRole('link', { name: 'Notification settings' }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Notification settings' })).toBeVisible();
  await expectNoRawKeys(admin);
  await expectAccessible(admin, 'notification settings');

  await openStaff(admin);
  await setAuditorActive(admin, false);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(consoleUrl());
    await page.getByRole('button', { name: /^(Daxil ol|Sign in|Войти)$/ }).click();
    await page.locator('#username').fill('auditor');
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(
      page.getByRole('heading', {
        level: 1,
        name: /^(Account not active|Hesab aktiv deyil|Учётная запись не активна)$/,
      }),
    ).toBeVisible();
    await expect(page.locator('main#main')).toHaveCount(0);
    await context.close();
  } finally {
    await setAuditorActive(admin, true);
  }
  await admin.context().close();
});
