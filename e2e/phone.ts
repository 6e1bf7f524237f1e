import type { Browser, Page } from 'playwright-core';
import { appDeps } from './app-under-test';
import { rememberSecret } from './browser';

/** A phone: the member portal is an H5 app, so its tests run at a phone's size with touch. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  context.setDefaultTimeout(15_000);
  return context.newPage();
}

/** antd-mobile puts the test id on the wrapper of its inputs: the field to type into is inside. */
export const mobileInput = (page: Page, testId: string) => page.getByTestId(testId).locator('input');

/**
 * What a phone received: the newest code in the app's SMS outbox for that number, of one purpose when given
 * (`otp_first_login`), so an older code of another purpose is never taken for the one just asked for.
 */
export async function codeSentTo(phone: string, template = 'otp_%'): Promise<string> {
  const { pool, crypto } = appDeps();
  for (let i = 0; i < 20; i++) {
    const res = await pool.query<{ phone_enc: Buffer; body_enc: Buffer }>(`select phone_enc, body_enc from sms_outbox where template like $1 order by id desc limit 20`, [template]);
    const hit = res.rows.find((r) => crypto.decrypt(r.phone_enc) === phone);
    const code = hit ? /验证码 (\d{6})/.exec(crypto.decrypt(hit.body_enc))?.[1] : undefined;
    if (code) {
      rememberSecret(code);
      return code;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('no SMS code reached the outbox');
}
