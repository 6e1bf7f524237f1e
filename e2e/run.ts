/**
 * Browser tests: start the server in-process on a fresh database with demo data, drive Debian's chromium,
 * print one line per test and a machine-readable summary. Run with `npx tsx e2e/run.ts`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { startApp, ensureWebBuild, type RunningApp } from './app-under-test';
import { launchBrowser } from './browser';
import { switchToEnglish } from './tests/language';
import { adminEnrolsTotp } from './tests/mfa-enrol';
import { orgTreeShowsDistricts } from './tests/org-tree';
import { joinOnlineApprovedBySanjing } from './tests/join-online';
import { memberSearchAndImport } from './tests/members';
import { loanAppliedInPortalAndLent } from './tests/loans';
import { cardAppliedInPortalAndDistrictFunnel } from './tests/cards';
import { portalLoadsWithoutConsole } from './tests/portal-weight';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface TestCase {
  name: string;
  run: (browser: Browser, baseUrl: string) => Promise<void>;
}

const tests: TestCase[] = [
  { name: 'city cadre sees the 7 district unions in the organisation tree', run: (b, url) => orgTreeShowsDistricts(b, url, root) },
  { name: 'the member portal’s sign-in page loads without the console’s code, within its script budget', run: portalLoadsWithoutConsole },
  { name: 'admin enrols TOTP, sees recovery codes and lands on the console', run: adminEnrolsTotp },
  { name: 'switching to English shows English menu labels', run: switchToEnglish },
  { name: 'district cadre finds a member by pinyin initials, opens the record, imports a sheet with one bad row', run: (b, url) => memberSearchAndImport(b, url, root) },
  { name: 'a worker applies on /m/join, the 三井街道 cadre approves, the applicant sees 已通过', run: (b, url) => joinOnlineApprovedBySanjing(b, url, root) },
  {
    name: 'a member applies for 创保贷 on the phone; street, district, city, insurer and bank approve; bank and bank2 disburse; the member sees 还款中 and the schedule',
    run: (b, url) => loanAppliedInPortalAndLent(b, url, root),
  },
  {
    name: 'a member applies for the 服务卡 on the phone (我要办) and sees 已申请; the 新北区 cadre sees the funnel per street and the rates table on the 普惠 dashboard',
    run: (b, url) => cardAppliedInPortalAndDistrictFunnel(b, url, root),
  },
];

/** `npx tsx e2e/run.ts loan` runs only the tests whose name contains one of the words given. */
const only = process.argv.slice(2);
const selected = only.length ? tests.filter((t) => only.some((w) => t.name.includes(w))) : tests;

function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0] ?? text;
}

async function main(): Promise<number> {
  let app: RunningApp | null = null;
  let browser: Browser | null = null;
  let passed = 0;
  let failed = 0;
  try {
    ensureWebBuild();
    app = await startApp();
    browser = await launchBrowser();
    for (const test of selected) {
      try {
        await test.run(browser, app.baseUrl);
        passed++;
        process.stdout.write(`✓ ${test.name}\n`);
      } catch (err) {
        failed++;
        process.stdout.write(`✗ ${test.name}: ${reason(err)}\n`);
      }
    }
  } catch (err) {
    failed += selected.length - passed - failed || 1;
    process.stdout.write(`✗ setup: ${reason(err)}\n`);
  } finally {
    await browser?.close().catch(() => undefined);
    await app?.stop().catch(() => undefined);
  }
  process.stdout.write(`E2E_RESULT ${JSON.stringify({ passed, failed })}\n`);
  return failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stdout.write(`✗ runner: ${reason(err)}\nE2E_RESULT {"passed":0,"failed":1}\n`);
    process.exit(1);
  },
);
