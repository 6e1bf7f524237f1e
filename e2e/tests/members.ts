import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { memberImportColumns } from '@tongxing/contracts';
import { makeIdNumber, makePhone } from '../../apps/server/test/support/people';
import { expectVisible, newPage, rememberSecret, signIn } from '../browser';

/** A name no demo member is likely to share, so its pinyin initials find exactly the member this test made. */
const NAME = '欧阳纳兰';
const INITIALS = 'oynl';

interface Unit {
  id: number;
  name: string;
  creditCode: string | null;
}

/** API calls in the browser's own session (cookie + the session's CSRF token), for test set-up only. */
async function apiClient(page: Page, baseUrl: string) {
  const me = await page.request.get(`${baseUrl}/api/v1/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const headers = { 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' };
  return {
    async get<T>(url: string): Promise<T> {
      const res = await page.request.get(`${baseUrl}/api/v1${url}`);
      if (!res.ok()) throw new Error(`GET ${url} answered ${res.status()}`);
      return (await res.json()) as T;
    },
    async post<T>(url: string, body: unknown): Promise<T> {
      const res = await page.request.post(`${baseUrl}/api/v1${url}`, { headers, data: JSON.stringify(body) });
      if (!res.ok()) throw new Error(`POST ${url} answered ${res.status()}: ${await res.text()}`);
      return (await res.json()) as T;
    },
  };
}

/** The import sheet: the template's header row, two good rows, and a third whose ID check digit is wrong. */
async function buildSheet(unit: Unit): Promise<{ file: string; badRow: number; cleanUp: () => Promise<void> }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('会员');
  const headers = memberImportColumns.map((c) => c.header);
  sheet.addRow(headers);
  const unitCell = unit.creditCode ?? unit.name;
  const row = (name: string, idNumber: string, phone: string) => {
    rememberSecret(idNumber);
    rememberSecret(phone);
    const values: Record<string, string> = { name, idNumber, phone, orgId: unitCell, employer: '常州新北精密机械有限公司', category: '产业工人' };
    return memberImportColumns.map((c) => values[c.field] ?? '');
  };
  sheet.addRow(row('钱浩然', makeIdNumber({ birth: '19900312' }), makePhone()));
  sheet.addRow(row('孙雅琴', makeIdNumber({ birth: '19921105', male: false }), makePhone()));
  const good = makeIdNumber({ birth: '19850720' });
  const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  sheet.addRow(row('李建国', bad, makePhone()));
  // Numbers as text, as the template asks, so Excel keeps every digit.
  sheet.getColumn(headers.indexOf('证件号码') + 1).numFmt = '@';
  sheet.getColumn(headers.indexOf('手机号') + 1).numFmt = '@';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tongxing-import-'));
  const file = path.join(dir, '新北区会员导入.xlsx');
  await writeFile(file, Buffer.from(await workbook.xlsx.writeBuffer()));
  return { file, badRow: 4, cleanUp: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A district cadre (xinbei, 新北区) finds a member by the pinyin initials of the name, opens the record
 * (numbers masked), then imports a small sheet with one bad row and sees the error report name that row
 * and the 证件号码 column.
 */
export async function memberSearchAndImport(browser: Browser, baseUrl: string, root: string): Promise<void> {
  const page = await newPage(browser);
  const shots = path.join(root, '.test-output/screenshots');
  await mkdir(shots, { recursive: true });
  let cleanUp: (() => Promise<void>) | null = null;
  try {
    await signIn(page, baseUrl, 'xinbei');
    await expectVisible(page.getByTestId('home-greeting'), 'the dashboard after sign-in');

    const api = await apiClient(page, baseUrl);
    const units = await api.get<{ items: Unit[] }>('/orgs?kind=grassroots_union&pageSize=1');
    const unit = units.items[0];
    if (!unit) throw new Error('no grassroots union in 新北区');
    const idNumber = makeIdNumber({ birth: '19870921' });
    const phone = makePhone();
    rememberSecret(idNumber);
    rememberSecret(phone);
    await api.post('/members', { name: NAME, idNumber, phone, orgId: unit.id, category: 'industrial', employer: '常州新北精密机械有限公司' });

    const menu = page.getByTestId('side-menu');
    await menu.getByText('会员管理', { exact: true }).click();
    await menu.getByText('会员名册', { exact: true }).click();
    await page.waitForURL(/\/members$/);
    // antd puts the test id on the search group; the text box is the input inside it.
    const search = page.getByTestId('members-search').locator('input');
    await expectVisible(search, 'the one-box member search');
    await search.fill(INITIALS);
    await search.press('Enter');
    await page.waitForURL(/q=oynl/);
    const table = page.getByTestId('members-table');
    const link = table.getByRole('link', { name: NAME, exact: true });
    await expectVisible(link, `${NAME} found by the initials “${INITIALS}”`);
    const masked = `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;
    await expectVisible(table.getByText(masked, { exact: true }), 'the masked ID number in the roster');
    await page.screenshot({ path: path.join(shots, 'members-roster.png') });

    await link.click();
    await page.waitForURL(/\/members\/\d+$/);
    await expectVisible(page.getByTestId('member-detail-name').getByText(NAME, { exact: true }), 'the member record');
    const shownId = (await page.getByTestId('member-id-number').textContent()) ?? '';
    if (shownId !== masked) throw new Error(`the record shows “${shownId}” instead of the masked number`);
    await expectVisible(page.getByTestId('member-history').getByTestId('history-event'), 'the registration in the history');
    await page.screenshot({ path: path.join(shots, 'member-detail.png'), fullPage: true });

    await menu.getByText('批量导入', { exact: true }).click();
    await page.waitForURL(/\/members\/import$/);
    const sheet = await buildSheet(unit);
    cleanUp = sheet.cleanUp;
    await page.getByTestId('import-upload').locator('input[type=file]').setInputFiles(sheet.file);

    const check = page.getByTestId('import-check');
    await expectVisible(check, 'the dry-run result of the upload', 30_000);
    const errorRows = (await page.getByTestId('import-error-rows').locator('.ant-statistic-content-value').textContent())?.trim();
    if (errorRows !== '1') throw new Error(`expected 1 row with errors, the page says ${errorRows ?? 'nothing'}`);
    const errors = page.getByTestId('import-errors');
    const badLine = errors.locator('tbody tr', { hasText: `第 ${sheet.badRow} 行` });
    await expectVisible(badLine, `an error for row ${sheet.badRow}`);
    const lineText = (await badLine.first().textContent()) ?? '';
    if (!lineText.includes('证件号码')) throw new Error(`the error of row ${sheet.badRow} does not name the 证件号码 column: “${lineText}”`);
    if (!(await page.getByTestId('import-commit-all').isDisabled())) throw new Error('全部导入 is enabled although a row has errors');
    await expectVisible(page.getByTestId('import-report'), 'the link to the .xlsx error report');
    await page.screenshot({ path: path.join(shots, 'member-import-check.png'), fullPage: true });

    await page.getByTestId('import-commit-valid').click();
    const confirm = page.getByRole('dialog');
    await confirm.getByRole('button', { name: '仅导入正确的行' }).click();
    await expectVisible(page.getByTestId('import-done').getByText('已导入 2 名会员'), 'the import result (2 members)', 30_000);
    await confirm.waitFor({ state: 'hidden' });
    await page.screenshot({ path: path.join(shots, 'member-import-done.png') });
  } finally {
    await cleanUp?.().catch(() => undefined);
    await page.context().close();
  }
}
