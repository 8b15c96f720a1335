import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './stack';

export function consoleUrl(): string {
  const url = process.env.NRM_CONSOLE_URL;
  if (!url) throw new Error('NRM_CONSOLE_URL is not set (the global setup starts the stack)');
  return url;
}

const SIGN_IN = /^(Daxil ol|Sign in|Войти)$/;
const LANGUAGE = /^(Dil|Language|Язык)$/;

/** Signs in through the embedded provider's own page, as a person would (a consent page is confirmed if shown). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(consoleUrl());
  await page.getByRole('button', { name: SIGN_IN }).click();
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const allow = page.getByRole('button', { name: 'Allow' });
  await expect(page.locator('main#main').or(allow)).toBeVisible();
  if (await allow.isVisible()) await allow.click();
  await expect(page.locator('main#main')).toBeVisible();
}

export async function newSignedInPage(
  browser: Browser,
  username: string,
  language?: 'az' | 'en' | 'ru',
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, username);
  if (language) await setLanguage(page, language);
  return page;
}

export async function setLanguage(page: Page, language: 'az' | 'en' | 'ru'): Promise<void> {
  await page.getByLabel(LANGUAGE).first().selectOption(language);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** axe-core on the current screen: no serious or critical violation (WCAG 2.x A/AA rules). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(bad, `${screen}: accessibility violations`).toEqual([]);
}

/** No translation key may reach the screen (e.g. "inbox.title", "enum.TaskType.X"). */
export async function expectNoRawKeys(page: Page): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(
    /\b(app|nav|auth|lock|common|errors|inbox|openCase|person|case|audit|consent|refer|referral|monitoring|enum|intake|risk|protection|notes|assignment|charts)\.[A-Za-z]/,
  );
}

/** Chooses the first option whose label contains `text` (labels carry names and regions; values are ids). */
export async function selectOptionContaining(select: Locator, text: string): Promise<void> {
  const option = select.locator('option', { hasText: text }).first();
  await expect(option).toBeAttached();
  await select.selectOption((await option.getAttribute('value')) ?? '');
}

/** Presses Tab (only the keyboard) until `target` has focus; fails if it is not reachable within `max` presses. */
export async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) {
      // WCAG 2.4.7: the focused control shows a visible focus indicator.
      const outline = await target.evaluate((el) => getComputedStyle(el).outlineStyle);
      expect(outline, 'visible focus').not.toBe('none');
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Not reachable with Tab: ${target.toString()}`);
}
