import { expect, test } from '@playwright/test';
import { consoleUrl, expectAccessible, expectNoRawKeys, newSignedInPage, tabTo } from './support/console';
import { DEMO_PASSWORD } from './support/stack';

test('a wrong password is explained on the provider’s page; cancelling ends on a clear console screen', async ({
  page,
}) => {
  await page.goto(consoleUrl());
  await expect(page.locator('html')).toHaveAttribute('lang', 'az');
  await expectAccessible(page, 'sign-in screen');
  await page.getByRole('button', { name: 'Daxil ol' }).click();
  await page.locator('#username').fill('dost.manager');
  await page.locator('#password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('The username or password is not right.')).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('heading', { name: 'Giriş tamamlanmadı' })).toBeVisible();
  expect(new URL(page.url()).search).toBe('');
  await expectAccessible(page, 'sign-in failed screen');
});

const TITLES = {
  az: { inbox: 'Tapşırıqlar', openCase: 'İş aç', monitoring: 'Monitorinq', caseload: 'İş yükü' },
  en: { inbox: 'Inbox', openCase: 'Open a case', monitoring: 'Monitoring', caseload: 'Caseload' },
  ru: { inbox: 'Задачи', openCase: 'Открыть дело', monitoring: 'Мониторинг', caseload: 'Мои дела' },
} as const;

for (const language of ['az', 'en', 'ru'] as const) {
  test(`every screen in ${language}: translated, html lang, no serious accessibility violation`, async ({
    browser,
  }) => {
    const page = await newSignedInPage(browser, 'monitoring.officer', language);
    const t = TITLES[language];
    await expect(page.getByRole('heading', { level: 1, name: t.inbox })).toBeVisible();
    await expectNoRawKeys(page);
    await expectAccessible(page, `inbox ${language}`);
    await page.getByRole('navigation').getByRole('link', { name: t.monitoring }).click();
    await expect(page.getByRole('heading', { level: 1, name: t.monitoring })).toBeVisible();
    await expect(page.locator('table').first()).toBeVisible();
    await expectNoRawKeys(page);
    await expectAccessible(page, `monitoring ${language}`);
    // Opening a case is not a monitoring officer's work: the navigation (by role, from `me`) does not offer it.
    await expect(page.getByRole('navigation').getByRole('link', { name: t.openCase })).toHaveCount(0);
    const manager = await newSignedInPage(browser, 'dost.manager', language);
    await manager.getByRole('navigation').getByRole('link', { name: t.openCase }).click();
    await expect(manager.getByRole('heading', { level: 1, name: t.openCase })).toBeVisible();
    await expectNoRawKeys(manager);
    await expectAccessible(manager, `open a case ${language}`);
    // The caseload is a case worker's screen: a monitoring officer is not offered it.
    await expect(page.getByRole('navigation').getByRole('link', { name: t.caseload })).toHaveCount(0);
    await manager.getByRole('navigation').getByRole('link', { name: t.caseload }).click();
    await expect(manager.getByRole('heading', { level: 1, name: t.caseload })).toBeVisible();
    await expect(manager.locator('main table, main p.empty').first()).toBeVisible();
    await expectNoRawKeys(manager);
    await expectAccessible(manager, `caseload ${language}`);
    await manager.context().close();
    // The choice is kept by the API for this person: a new session opens in it.
    const again = await newSignedInPage(browser, 'monitoring.officer');
    await expect(again.locator('html')).toHaveAttribute('lang', language);
    await again.context().close();
    await page.context().close();
  });
}

test('keyboard only: sign in, open a case, record consent and refer it to the SSA', async ({ page }) => {
  const kb = page.keyboard;
  await page.goto(consoleUrl());
  await tabTo(page, page.getByRole('combobox', { name: 'Dil' }));
  await kb.press('ArrowDown'); // English
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await tabTo(page, page.getByRole('button', { name: 'Sign in' }));
  await kb.press('Enter');
  await tabTo(page, page.locator('#username'));
  await kb.type('dost.manager');
  await kb.press('Tab');
  await kb.type(DEMO_PASSWORD);
  await kb.press('Enter');
  const allow = page.getByRole('button', { name: 'Allow' });
  await expect(page.locator('main#main').or(allow)).toBeVisible();
  if (await allow.isVisible()) {
    await tabTo(page, allow);
    await kb.press('Enter');
  }
  await expect(page.locator('main#main')).toBeVisible();
  // The language chosen on the sign-in screen came back from the provider and is kept.
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Inbox' })).toBeVisible();

  await tabTo(page, page.getByRole('link', { name: 'Open a case' }));
  await kb.press('Enter');
  await tabTo(page, page.getByRole('textbox', { name: 'Full name' }));
  await kb.type(`Keyboard Person ${Date.now().toString(36)}`);
  await kb.press('Enter');
  await expect(page.getByText('No existing case matches. You can open a new case.')).toBeVisible();
  for (const label of ['Who contacted', 'Main reason for contact', 'How they contacted', 'Risk level']) {
    await tabTo(page, page.getByLabel(label, { exact: true }));
    await kb.press('ArrowDown');
  }
  await tabTo(page, page.getByRole('button', { name: 'Open the case' }));
  await kb.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /^Case NRM-/ })).toBeVisible();
  // The case work panels (risk with its instrument, protection orders, notes) by keyboard, translated and accessible.
  await expect(
    page.getByText(
      /^(Risk level: .* not yet assessed with the instrument\)|The risk has not been assessed yet\.)$/,
    ),
  ).toBeVisible();
  await expect(page.getByText('No protection order has been applied for.')).toBeVisible();
  await expect(page.getByText('Your organisation has no notes on this case yet.')).toBeVisible();
  const assess = page.getByRole('button', { name: 'Assess the risk' });
  await tabTo(page, assess);
  await kb.press('Enter');
  await expect(page.getByRole('form', { name: 'New risk assessment' })).toBeVisible();
  await expectNoRawKeys(page);
  await expectAccessible(page, 'case page with the risk assessment open');
  await kb.press('Enter'); // closes it again
  await expect(page.getByRole('form', { name: 'New risk assessment' })).toHaveCount(0);

  const consent = page.getByRole('form', { name: 'Record consent' });
  await tabTo(page, consent.getByLabel('Organisation', { exact: true }));
  await expect(
    consent
      .getByLabel('Organisation', { exact: true })
      .locator('option', { hasText: 'Social Services Agency' }),
  ).toBeAttached();
  const ssaIndex = await consent
    .getByLabel('Organisation', { exact: true })
    .locator('option')
    .evaluateAll((options) =>
      options.findIndex((o) => (o.textContent ?? '').startsWith('Social Services Agency')),
    );
  for (let i = 0; i < ssaIndex; i++) await kb.press('ArrowDown');
  await tabTo(page, consent.getByRole('checkbox', { name: 'Health', exact: true }));
  await kb.press('Space');
  await tabTo(page, consent.getByRole('checkbox', { name: 'A place in a shelter' }));
  await kb.press('Space');
  await tabTo(page, consent.getByRole('button', { name: 'Record consent' }));
  await kb.press('Enter');
  await expect(page.getByText('Consent recorded.', { exact: true })).toBeVisible(); // not "No consent recorded." of a list not yet refreshed

  await tabTo(page, page.getByRole('link', { name: 'Refer', exact: true }));
  await kb.press('Enter');
  // The directory answers asynchronously: choose only once the options are there.
  await expect(
    page.getByLabel('Recipient', { exact: true }).locator('option', { hasText: 'Social Services Agency' }),
  ).toBeAttached();
  await tabTo(page, page.getByLabel('Recipient', { exact: true }));
  await kb.press('ArrowDown');
  await expect(
    page.getByLabel('Service requested').locator('option', { hasText: 'Shelter placement' }),
  ).toBeAttached();
  await tabTo(page, page.getByLabel('Service requested'));
  await kb.press('ArrowDown'); // the SSA's first service: shelter placement
  await tabTo(page, page.getByLabel('Purpose', { exact: true }));
  await kb.press('ArrowDown');
  await kb.press('ArrowDown'); // a place in a shelter
  await tabTo(page, page.getByRole('checkbox', { name: 'Health', exact: true }));
  await kb.press('Space');
  await expect(page.getByText('Her recorded consent covers what you chose.')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Send the referral' }));
  await kb.press('Enter');
  await expect(page.getByText('Waiting for an answer')).toBeVisible();
});

test('signing out ends the provider session too: the next sign-in asks for the password again', async ({
  browser,
}) => {
  const page = await newSignedInPage(browser, 'ssa.officer', 'en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  const confirm = page.getByRole('button', { name: 'Yes, sign me out' });
  await expect(confirm.or(page.getByRole('button', { name: 'Sign in' }))).toBeVisible();
  if (await confirm.isVisible()) await confirm.click();
  await expect(
    page.getByRole('heading', {
      level: 1,
      name: /konsoluna daxil olun|Sign in to the NRM console|Вход в консоль/,
    }),
  ).toBeVisible();
  await expect(page.locator('main#main')).toHaveCount(0);
  await page.getByRole('button', { name: /^(Daxil ol|Sign in|Войти)$/ }).click();
  await expect(page.locator('#password')).toBeVisible();
  await page.context().close();
});
