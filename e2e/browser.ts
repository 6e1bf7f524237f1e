import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import * as OTPAuth from 'otpauth';
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

/** Authenticators the run has enrolled, by username: a second sign-in of the same account types a code from it. */
const authenticators = new Map<string, OTPAuth.TOTP>();

/**
 * Signs in an account that needs a second factor (partner officers): at its first sign-in it enrols an
 * authenticator from the QR code and keeps it; later sign-ins type the current code. Ends on the console.
 */
export async function signInWithTotp(page: Page, baseUrl: string, username: string): Promise<void> {
  await signIn(page, baseUrl, username);
  const known = authenticators.get(username);
  if (known) {
    const code = known.generate();
    rememberSecret(code);
    await page.getByTestId('login-totp').fill(code);
    await page.getByTestId('login-submit').click();
  } else {
    await page.waitForURL(/\/mfa-enrol$/);
    const uri = await page.getByTestId('totp-qr').getAttribute('data-otpauth');
    const totp = uri ? OTPAuth.URI.parse(uri) : null;
    if (!(totp instanceof OTPAuth.TOTP)) throw new Error(`${username}: the enrolment page shows no TOTP QR code`);
    authenticators.set(username, totp);
    rememberSecret(totp.secret.base32);
    const code = totp.generate();
    rememberSecret(code);
    await page.getByTestId('totp-code').fill(code);
    await page.getByTestId('totp-confirm').click();
    await page.getByTestId('recovery-saved').check();
    await page.getByTestId('recovery-continue').click();
  }
  await expectVisible(page.getByTestId('home-greeting'), `the console after ${username} signs in`);
}
