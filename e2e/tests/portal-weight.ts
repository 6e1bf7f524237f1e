import type { Browser } from 'playwright-core';
import { expectVisible } from '../browser';
import { phonePage } from '../phone';

/** What a phone may download to show the portal's sign-in page: the portal's own code, never the console's. */
const PORTAL_SCRIPT_BUDGET_KIB = 1_200;

/**
 * The member portal is what workers open on their phones, often on mobile data: the sign-in page loads the
 * portal's code only — not antd nor the console's frame — within a budget (it was 2,275 KiB when the entry
 * carried the console; 951 KiB after the split).
 */
export async function portalLoadsWithoutConsole(browser: Browser, baseUrl: string): Promise<void> {
  const page = await phonePage(browser);
  try {
    const scripts: { url: string; bytes: number }[] = [];
    const pending: Promise<void>[] = [];
    page.on('response', (res) => {
      if (!/\.js(\?|$)/.test(res.url())) return;
      pending.push(
        res.body().then(
          (b) => void scripts.push({ url: res.url(), bytes: b.length }),
          () => undefined,
        ),
      );
    });
    await page.goto(`${baseUrl}/m/login`, { waitUntil: 'networkidle' });
    await expectVisible(page.getByTestId('m-login-submit'), 'the portal sign-in button');
    await Promise.all(pending);
    const kib = Math.round(scripts.reduce((s, x) => s + x.bytes, 0) / 1024);
    const console = scripts.filter((s) => /\/assets\/(antd|console-root|antd-providers|guards|app-layout)-/.test(s.url)).map((s) => s.url.replace(/.*\/assets\//, ''));
    if (console.length > 0) throw new Error(`the portal downloaded the console's code: ${console.join(', ')}`);
    if (kib > PORTAL_SCRIPT_BUDGET_KIB) throw new Error(`the portal's sign-in page downloaded ${kib} KiB of script (budget ${PORTAL_SCRIPT_BUDGET_KIB} KiB)`);
    process.stdout.write(`  portal sign-in: ${kib} KiB of script in ${scripts.length} files\n`);
  } finally {
    await page.context().close();
  }
}
