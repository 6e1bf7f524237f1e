import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { expectVisible, newPage, signIn } from '../browser';

/** The seven district-level unions of 常州市总工会: full name in the tree, short name in the table. */
const districts = [
  { name: '天宁区总工会', short: '天宁区' },
  { name: '钟楼区总工会', short: '钟楼区' },
  { name: '新北区总工会', short: '新北区' },
  { name: '武进区总工会', short: '武进区' },
  { name: '金坛区总工会', short: '金坛区' },
  { name: '溧阳市总工会', short: '溧阳市' },
  { name: '常州经济开发区总工会', short: '常州经开区' },
];

export async function orgTreeShowsDistricts(browser: Browser, baseUrl: string, root: string): Promise<void> {
  const page = await newPage(browser);
  try {
    await signIn(page, baseUrl, 'city');
    await expectVisible(page.getByTestId('home-greeting'), 'the dashboard after sign-in');
    await page.getByTestId('side-menu').getByText('组织机构', { exact: true }).click();
    await page.waitForURL(/\/orgs$/);

    const tree = page.getByTestId('org-tree');
    await expectVisible(tree.getByText('常州市总工会', { exact: true }), 'the root 常州市总工会 in the tree');
    const table = page.getByTestId('org-children-table');
    for (const d of districts) {
      await expectVisible(tree.getByText(d.name, { exact: true }), `${d.name} in the tree`);
      await expectVisible(table.getByRole('cell', { name: d.short, exact: true }), `${d.short} in the children table`);
    }
    const rows = await table.locator('tbody tr.ant-table-row').count();
    if (rows !== districts.length) throw new Error(`children table shows ${rows} rows, expected ${districts.length}`);

    const shotDir = path.join(root, '.test-output/screenshots');
    await mkdir(shotDir, { recursive: true });
    const shot = path.join(shotDir, 'org-tree.png');
    await page.screenshot({ path: shot });
    // The README's picture is refreshed on request only, so a test run leaves the tree unchanged.
    if (process.env['UPDATE_SCREENSHOTS'] === '1') {
      const docsDir = path.join(root, 'docs/screenshots');
      await mkdir(docsDir, { recursive: true });
      await copyFile(shot, path.join(docsDir, 'org-tree.png'));
    }
  } finally {
    await page.context().close();
  }
}
