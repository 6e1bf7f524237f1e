import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { idCheckChar } from '@tongxing/domain';
import { expectVisible, newPage, rememberSecret, signIn } from '../browser';
import { codeSentTo, mobileInput, phonePage } from '../phone';

/** A fictional applicant: a valid resident ID of 新北区 and a mobile number no demo member holds. */
function applicant() {
  const n = Date.now() % 1000;
  const body = `32041119930${String(1 + (n % 9))}1${n % 10}${String(n).padStart(3, '0')}`.slice(0, 17);
  return { name: '顾晓雯', idNumber: body + idCheckChar(body), phone: `1990519${String(n).padStart(4, '0')}` };
}

const input = mobileInput;

/**
 * 网上入会 end to end: a worker applies on the phone (the code read from the SMS outbox), the 三井街道 cadre
 * approves in the console, and the applicant sees 已通过 on the status page. (The first portal sign-in needs
 * a second code to the same phone a minute later; the API tests cover it.)
 */
export async function joinOnlineApprovedBySanjing(browser: Browser, baseUrl: string, root: string): Promise<void> {
  const shots = path.join(root, '.test-output/screenshots');
  await mkdir(shots, { recursive: true });
  const p = applicant();
  [p.idNumber, p.phone].forEach(rememberSecret);

  const phone = await phonePage(browser);
  const desk = await newPage(browser);
  try {
    // The worker applies.
    await phone.goto(`${baseUrl}/m/join`);
    await expectVisible(phone.getByTestId('m-join-submit'), 'the joining form');
    await phone.getByTestId('m-unit-picker').click();
    const searched = phone.waitForResponse((r) => r.url().includes('/api/v1/portal/units') && r.url().includes('q='));
    await input(phone, 'm-unit-search').fill('三井');
    await searched;
    const firstUnion = phone.getByTestId('m-unit-list').locator('.adm-list-item').first();
    await expectVisible(firstUnion, 'the unions of 三井街道 in the picker');
    const unionName = (await firstUnion.locator('.adm-list-item-content-main').innerText()).split('\n')[0]?.trim() ?? '';
    await firstUnion.click();
    await input(phone, 'm-name').fill(p.name);
    await input(phone, 'm-id-number').fill(p.idNumber);
    await input(phone, 'm-employer').fill('常州新北精密机械有限公司');
    await input(phone, 'm-phone').fill(p.phone);
    await phone.getByTestId('m-send-code').click();
    await input(phone, 'm-code').fill(await codeSentTo(p.phone));
    await phone.screenshot({ path: path.join(shots, 'join-online-1-form.png'), fullPage: true });
    await phone.getByTestId('m-join-submit').click();
    const refBox = phone.getByTestId('m-join-reference');
    await expectVisible(refBox, 'the reference after submitting');
    const reference = (await refBox.innerText()).trim();
    if (!/^[0-9A-Z]{12}$/.test(reference)) throw new Error(`unexpected reference “${reference}”`);
    await phone.screenshot({ path: path.join(shots, 'join-online-2-submitted.png') });

    // The street cadre approves it in the console.
    await signIn(desk, baseUrl, 'sanjing');
    await expectVisible(desk.getByTestId('home-greeting'), 'the dashboard after sign-in');
    await desk.goto(`${baseUrl}/join-applications`);
    const row = desk.getByTestId('join-table').locator('tr', { hasText: reference });
    await expectVisible(row, `the application ${reference} in 入会审批`);
    if (!(await row.innerText()).includes(unionName)) throw new Error(`the row does not name ${unionName}`);
    if ((await row.innerText()).includes(p.idNumber)) throw new Error('the list shows the ID number in clear');
    await row.getByTestId('join-approve').click();
    await desk.getByTestId('join-decision-ok').click();
    await expectVisible(desk.getByText('已通过，会员已登记'), 'the approval message');
    await desk.getByTestId('join-status-filter').getByText('已通过', { exact: true }).click();
    await expectVisible(desk.getByTestId('join-table').locator('tr', { hasText: reference }), 'the approved application under 已通过');
    await desk.screenshot({ path: path.join(shots, 'join-online-3-approved.png') });

    // The applicant sees the outcome.
    await phone.getByTestId('m-join-to-status').click();
    await input(phone, 'm-reference').fill(reference);
    await input(phone, 'm-phone').fill(p.phone);
    await phone.getByTestId('m-status-submit').click();
    const status = phone.getByTestId('m-outcome-status');
    await expectVisible(status, 'the status after looking it up');
    const shown = (await status.innerText()).trim();
    if (shown !== '已通过') throw new Error(`the status page shows “${shown}”, expected 已通过`);
    await phone.screenshot({ path: path.join(shots, 'join-online-4-status.png') });

  } finally {
    await phone.context().close();
    await desk.context().close();
  }
}
