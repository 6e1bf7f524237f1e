import * as OTPAuth from 'otpauth';
import type { Browser } from 'playwright-core';
import { expectVisible, newPage, rememberSecret, signIn } from '../browser';

/** `admin` must set up an authenticator at first sign-in; the test plays the phone app. */
export async function adminEnrolsTotp(browser: Browser, baseUrl: string): Promise<void> {
  const page = await newPage(browser);
  try {
    await signIn(page, baseUrl, 'admin');
    await page.waitForURL(/\/mfa-enrol$/);
    const qr = page.getByTestId('totp-qr');
    await expectVisible(qr, 'the enrolment QR code');
    const uri = await qr.getAttribute('data-otpauth');
    const shownSecret = (await page.getByTestId('totp-secret').getAttribute('data-secret')) ?? '';
    if (!uri) throw new Error('the QR code carries no otpauth URI');
    const totp = OTPAuth.URI.parse(uri);
    if (!(totp instanceof OTPAuth.TOTP)) throw new Error('not a TOTP enrolment');
    if (totp.secret.base32 !== shownSecret) throw new Error('the secret shown as text differs from the QR code');

    rememberSecret(totp.secret.base32);
    const code = totp.generate();
    rememberSecret(code);
    await page.getByTestId('totp-code').fill(code);
    await page.getByTestId('totp-confirm').click();

    const codes = page.getByTestId('recovery-codes');
    await expectVisible(codes, 'the recovery codes after confirming the code');
    const count = await codes.locator('span').count();
    if (count < 5) throw new Error(`expected recovery codes, saw ${count}`);
    const continueButton = page.getByTestId('recovery-continue');
    if (await continueButton.isEnabled()) throw new Error('continue is enabled before confirming the codes were kept');
    await page.getByTestId('recovery-saved').check();
    await continueButton.click();

    await page.waitForURL((url) => url.pathname === '/');
    await expectVisible(page.getByTestId('home-greeting'), 'the dashboard after enrolment');
    await expectVisible(page.getByTestId('side-menu').getByText('组织机构', { exact: true }), 'the 组织机构 menu item');
  } finally {
    await page.context().close();
  }
}
