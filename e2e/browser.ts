import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const DEMO_PASSWORD = 'Tongxing@2026';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context per test: no cookie or saved language leaks from one test into the next. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Waits for an element and names it in the failure, so a red line says what was missing. */
export async function expectVisible(locator: Locator, what: string, timeout?: number): Promise<void> {
  try {
    await locator.first().waitFor({ state: 'visible', ...(timeout ? { timeout } : {}) });
  } catch {
    throw new Error(`not visible: ${what}`);
  }
}

/** Codes and secrets the browser tests typed: the log scan after the run checks no log holds them. */
export function rememberSecret(value: string): void {
  const dir = path.resolve('.test-output', 'secrets');
  mkdirSync(dir, { recursive: true });
  appendFileSync(path.join(dir, 'e2e.txt'), `${value}\n`);
}
