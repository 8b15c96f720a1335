import { expect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  expectAccessible,
  expectNoRawKeys,
  newSignedInPage,
  selectOptionContaining,
} from './support/console';
import { repoRoot } from './support/stack';

// The README's screenshots are refreshed on request (README_SCREENSHOTS=1 npm run console:e2e); otherwise they go
// under .data/ so a test run leaves the working tree as it was.
const SCREENSHOTS =
  process.env.README_SCREENSHOTS === '1'
    ? join(repoRoot, 'docs', 'screenshots')
    : join(repoRoot, '.data', 'playwright', 'screenshots');

test('the whole story: DOST opens a case, records consent and refers; the SSA accepts and completes; monitoring sees status, no identity', async ({
  browser,
}) => {
  const fullName = `Aysel Testova ${Date.now().toString(36)}`;

  // dost.manager
  const dost = await newSignedInPage(browser, 'dost.manager', 'en');
  await expect(dost.getByRole('heading', { name: 'Inbox' })).toBeVisible();
  await expectAccessible(dost, 'inbox');
  await dost.getByRole('link', { name: 'Open a case' }).click();
  await dost.getByRole('textbox', { name: 'Full name' }).fill(fullName);
  await dost.getByRole('button', { name: 'Search' }).click();
  await expect(dost.getByText('No existing case matches. You can open a new case.')).toBeVisible();
  expect(dost.url()).not.toContain('Aysel');
  await dost.getByLabel('Who contacted').selectOption('WOMAN');
  await dost.getByLabel('Main reason for contact').selectOption('DOMESTIC_VIOLENCE');
  await dost.getByLabel('How they contacted').selectOption('WALK_IN');
  await dost.getByLabel('Risk level').selectOption('HIGH');
  await dost.locator('#phone').fill('+994501234567');
  await dost.locator('#healthNotes').fill('Bruises on both arms');
  await expectAccessible(dost, 'open a case');
  await dost.getByRole('button', { name: 'Open the case' }).click();
  const caseHeading = dost.getByRole('heading', { level: 1, name: /^Case NRM-/ });
  await expect(caseHeading).toBeVisible();
  const caseCode = ((await caseHeading.textContent()) ?? '').replace('Case ', '').trim();
  expect(await dost.title()).not.toContain('Aysel');
  expect(dost.url()).toMatch(/\/cases\/[0-9a-f-]{36}$/);
  await expect(dost.getByText(fullName)).toBeVisible();

  // consent to the SSA for a shelter placement
  const consentForm = dost.getByRole('form', { name: 'Record consent' });
  await selectOptionContaining(
    consentForm.getByLabel('Organisation', { exact: true }),
    '(Social Services Agency)',
  );
  await consentForm.getByRole('checkbox', { name: 'Health', exact: true }).check();
  await consentForm.getByRole('checkbox', { name: 'A place in a shelter' }).check();
  await consentForm.getByRole('button', { name: 'Record consent' }).click();
  await expect(dost.getByText('Consent recorded.', { exact: true })).toBeVisible(); // not "No consent recorded." of a list not yet refreshed
  await expectAccessible(dost, 'case page');
  mkdirSync(SCREENSHOTS, { recursive: true });

  // refer to the SSA
  await dost.getByRole('link', { name: 'Refer' }).click();
  await expect(dost.getByRole('heading', { name: 'Refer the case' })).toBeVisible();
  await selectOptionContaining(dost.getByLabel('Recipient', { exact: true }), 'Social Services Agency');
  await dost.getByLabel('Service requested').selectOption('SHELTER_PLACEMENT');
  await dost.getByLabel('Purpose', { exact: true }).selectOption('SHELTER_PLACEMENT');
  await dost.getByRole('checkbox', { name: 'Health', exact: true }).check();
  await expect(dost.getByText('Her recorded consent covers what you chose.')).toBeVisible();
  await expectAccessible(dost, 'refer');
  await dost.getByRole('button', { name: 'Send the referral' }).click();
  await expect(dost.getByRole('heading', { name: 'Referral' })).toBeVisible();
  await expect(dost.getByText('Waiting for an answer')).toBeVisible();

  // ssa.officer: the task appears in the open inbox (it refreshes on its own)
  const ssa = await newSignedInPage(browser, 'ssa.officer', 'en');
  const row = ssa.getByTestId('task-row').filter({ hasText: caseCode });
  await expect(row).toBeVisible({ timeout: 60_000 });
  await ssa.screenshot({ path: join(SCREENSHOTS, 'inbox.png') });
  await row.getByRole('link', { name: 'Answer a referral' }).click();
  await expect(ssa.getByRole('heading', { name: 'Referral' })).toBeVisible();
  await expect(ssa.getByText(fullName)).toHaveCount(0);
  await expectAccessible(ssa, 'referral');
  await ssa.getByRole('button', { name: 'Accept' }).click();
  await expect(ssa.getByText('Accepted', { exact: true })).toBeVisible();
  await ssa.getByRole('button', { name: 'Complete…' }).click();
  const outcome = ssa.getByRole('combobox', { name: 'Outcome' });
  const firstCode = await outcome.locator('option').nth(1).getAttribute('value');
  await outcome.selectOption(firstCode ?? '');
  if (firstCode === '__other__') await ssa.getByLabel('In your words').fill('Placed in a shelter');
  await ssa.getByRole('button', { name: 'Complete the referral' }).click();
  await expect(ssa.getByText('Completed', { exact: true })).toBeVisible();

  // back at DOST: the case page shows the referral completed
  await dost.getByRole('link', { name: 'Open the case' }).click();
  await expect(dost.getByRole('row').filter({ hasText: 'Shelter placement' })).toContainText('Completed');
  await dost.screenshot({ path: join(SCREENSHOTS, 'case-page.png'), fullPage: true });

  // monitoring.officer: status without identity
  const mon = await newSignedInPage(browser, 'monitoring.officer', 'en');
  await mon.getByRole('link', { name: 'Monitoring' }).click();
  const regionRow = mon.getByTestId('region-case').filter({ hasText: caseCode });
  await expect(regionRow).toBeVisible();
  await expect(regionRow).toContainText('Open');
  await expect(mon.getByText(fullName)).toHaveCount(0);
  await expect(mon.getByText('+994501234567')).toHaveCount(0);
  await expectAccessible(mon, 'monitoring');
  await expectNoRawKeys(mon);
});
