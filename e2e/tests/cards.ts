import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { appDeps } from '../app-under-test';
import { expectVisible, newPage, rememberSecret, signIn } from '../browser';
import { codeSentTo, mobileInput, phonePage } from '../phone';

const NEW_PASSWORD = 'Fuwuka#2026';

/**
 * A member the demo left without a card: active, under 新北区, a phone of their own and no portal account
 * yet (so the first sign-in by SMS code applies), with no card at all. The oldest such member: members
 * other tests add in this run come last.
 */
async function memberWithoutCard(): Promise<{ id: number; name: string; phone: string }> {
  const { pool, crypto } = appDeps();
  const res = await pool.query<{ id: number; name: string; phone_enc: Buffer }>(
    `select m.id, m.name, m.phone_enc
       from members m
       join org_units o on o.id = m.org_id
      where o.path <@ (select o2.path from users u join org_units o2 on o2.id = u.org_id where u.username = 'xinbei')
        and m.status = 'active' and m.phone_enc is not null
        and not exists (select 1 from cards c where c.member_id = m.id)
        and not exists (select 1 from users u where u.member_id = m.id)
        and not exists (select 1 from loans l where l.member_id = m.id)
        and (select count(*) from members m2 where m2.phone_hash = m.phone_hash) = 1
      order by m.id
      limit 1`,
  );
  const row = res.rows[0];
  if (!row) throw new Error('the demo data has no member under 新北区 without a card');
  const phone = crypto.decrypt(row.phone_enc);
  rememberSecret(phone);
  return { id: row.id, name: row.name, phone };
}

async function firstSignIn(phone: Page, baseUrl: string, number: string): Promise<void> {
  await phone.goto(`${baseUrl}/m/set-password?mode=first_login`);
  await mobileInput(phone, 'm-phone').fill(number);
  await phone.getByTestId('m-send-code').click();
  await mobileInput(phone, 'm-code').fill(await codeSentTo(number, 'otp_first_login'));
  await mobileInput(phone, 'm-new-password').fill(NEW_PASSWORD);
  await mobileInput(phone, 'm-confirm-password').fill(NEW_PASSWORD);
  await phone.getByTestId('m-set-password-submit').click();
  await expectVisible(phone.getByTestId('m-member-card'), 'the portal home after the first sign-in');
}

/**
 * 普惠 in the browser: a member signs in on the phone for the first time, opens 我的服务卡 from the home
 * page's services and applies (我要办); the card then shows 已申请 at the demo bank with its history. The
 * district cadre (新北区) opens the 普惠 dashboard: the funnel per street is drawn and the rates table lists
 * the streets; a street drills down.
 */
export async function cardAppliedInPortalAndDistrictFunnel(browser: Browser, baseUrl: string, root: string): Promise<void> {
  const shots = path.join(root, '.test-output/screenshots');
  await mkdir(shots, { recursive: true });
  const member = await memberWithoutCard();
  const phone = await phonePage(browser);
  try {
    await firstSignIn(phone, baseUrl, member.phone);
    await phone.getByTestId('m-to-card').click();
    await expectVisible(phone.getByTestId('m-card-apply-panel'), 'the 我要办 panel for a member without a card');
    await phone.getByTestId('m-card-apply').click();
    await expectVisible(phone.locator('.adm-dialog-body').filter({ hasText: '提交办卡申请' }), 'the confirmation of the application');
    await phone.locator('.adm-dialog-footer').getByText('我要办', { exact: true }).click();
    const state = phone.getByTestId('m-card-state');
    await expectVisible(state, 'the card after applying', 15_000);
    const value = await state.getAttribute('data-state');
    if (value !== 'applied') throw new Error(`the card shows state “${value}” after applying, not applied`);
    await expectVisible(phone.getByTestId('m-card-history').getByText('提交办卡申请'), 'the application in the card’s history');
    const bank = (await phone.getByTestId('m-card-bank').innerText()).trim();
    if (!bank) throw new Error('the card names no bank');
    await phone.screenshot({ path: path.join(shots, 'cards-1-applied.png'), fullPage: true });

    // The application counts in the unit's rollups at once.
    const { pool } = appDeps();
    const applied = await pool.query<{ n: string }>(
      `select count(*) as n from cards where member_id = $1 and state = 'applied' and channel in ('portal', 'street') and applied_at is not null`,
      [member.id],
    );
    if (Number(applied.rows[0]?.n ?? 0) < 1) throw new Error('no portal application was recorded');
  } catch (err) {
    await phone.screenshot({ path: path.join(shots, 'cards-failed-phone.png'), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await phone.context().close();
  }

  const desk = await newPage(browser);
  try {
    await signIn(desk, baseUrl, 'xinbei');
    await expectVisible(desk.getByTestId('home-greeting'), 'the console after xinbei signs in');
    await desk.goto(`${baseUrl}/card-dashboard`);
    const funnel = desk.getByTestId('card-dash-funnel-chart');
    await expectVisible(funnel.locator('canvas'), 'the district funnel chart', 20_000);
    const box = await funnel.locator('canvas').first().boundingBox();
    if (!box || box.width < 200 || box.height < 150) throw new Error('the funnel chart canvas is not drawn at size');
    const rows = desk.getByTestId('card-dash-rates').locator('tbody tr.ant-table-row');
    await expectVisible(rows.first(), 'the rates table rows');
    if ((await rows.count()) < 2) throw new Error('the rates table lists no streets');
    const rate = desk.getByTestId('card-dash-issue-rate').first();
    await expectVisible(rate, 'an issue rate in the table');
    if (!/%/.test(await rate.innerText())) throw new Error('the issue rate is not shown as a percentage');
    await desk.screenshot({ path: path.join(shots, 'cards-2-district-dashboard.png'), fullPage: true });
    // A street drills down: the breadcrumb names it.
    const street = desk.getByTestId('card-dash-drill').first();
    const streetName = (await street.innerText()).trim();
    await street.click();
    await expectVisible(desk.getByTestId('card-dash-crumbs').getByText(streetName), `the drill-down into ${streetName}`);
  } catch (err) {
    await desk.screenshot({ path: path.join(shots, 'cards-failed-desk.png'), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await desk.context().close();
  }
}
