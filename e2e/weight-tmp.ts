import { launchBrowser } from './browser';
const browser = await launchBrowser();
for (const url of ['/m/login', '/login', '/merchant-apply']) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await ctx.newPage();
  const js: { url: string; bytes: number }[] = [];
  page.on('response', async (r) => {
    if (r.url().endsWith('.js')) js.push({ url: r.url().replace(/.*\/assets\//, ''), bytes: (await r.body()).length });
  });
  await page.goto('http://localhost:3000' + url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  const total = js.reduce((s, x) => s + x.bytes, 0);
  console.log(url, Math.round(total / 1024), 'KiB', js.sort((a, b) => b.bytes - a.bytes).slice(0, 6).map((x) => `${x.url}:${Math.round(x.bytes / 1024)}`).join(' '));
  await ctx.close();
}
await browser.close();
