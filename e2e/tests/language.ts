import type { Browser } from 'playwright-core';
import { expectVisible, newPage, signIn } from '../browser';

/** Switching to English relabels the menu and is saved as the account's preference. */
export async function switchToEnglish(browser: Browser, baseUrl: string): Promise<void> {
  const page = await newPage(browser);
  try {
    await signIn(page, baseUrl, 'wujin');
    await expectVisible(page.getByTestId('home-greeting'), 'the dashboard after sign-in');
    const menu = page.getByTestId('side-menu');
    await expectVisible(menu.getByText('组织机构', { exact: true }), 'the Chinese menu before switching');

    await page.locator('header').getByTestId('language-switch').click();
    await page.getByRole('menuitem', { name: 'English' }).click();

    for (const label of ['Dashboard', 'Organisation', 'Accounts', 'Roles & permissions', 'My profile']) {
      await expectVisible(menu.getByText(label, { exact: true }), `the English menu label “${label}”`);
    }
    await page.waitForFunction(async () => {
      const res = await fetch('/api/v1/me');
      const me = (await res.json()) as { locale?: string };
      return me.locale === 'en';
    });
  } finally {
    await page.context().close();
  }
}
