import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { appDeps } from '../app-under-test';
import { expectVisible, newPage, rememberSecret, signIn, signInWithTotp } from '../browser';
import { codeSentTo, mobileInput, phonePage } from '../phone';

const NEW_PASSWORD = 'Chuangye#2026';

/** The typing target behind a test id, whether antd put the id on the field itself or on its wrapper. */
const field = (page: Page, id: string) =>
  page.locator(`input[data-testid="${id}"], textarea[data-testid="${id}"], [data-testid="${id}"] input, [data-testid="${id}"] textarea`).first();

/**
 * A borrower the demo left alone: an active working-age member of a 三井街道 union with a phone of their own,
 * no loan and no portal account yet, so the first sign-in by SMS code and the eligibility rules both apply.
 * The oldest such member: the members other tests add in this run (joining online, the import) come last.
 */
async function freshBorrower(): Promise<{ name: string; phone: string }> {
  const { pool, crypto } = appDeps();
  const res = await pool.query<{ name: string; phone_enc: Buffer }>(
    `select m.name, m.phone_enc
       from members m
       join org_units o on o.id = m.org_id
      where o.path <@ (select o2.path from users u join org_units o2 on o2.id = u.org_id where u.username = 'sanjing')
        and m.status = 'active' and m.model_worker_level = 'none' and m.phone_enc is not null
        and m.birth_date between current_date - interval '50 years' and current_date - interval '25 years'
        and not exists (select 1 from loans l where l.member_id = m.id)
        and not exists (select 1 from users u where u.member_id = m.id)
        and (select count(*) from members m2 where m2.phone_hash = m.phone_hash) = 1
      order by m.id
      limit 1`,
  );
  const row = res.rows[0];
  if (!row) throw new Error('the demo data has no member under 三井街道 free to borrow');
  const phone = crypto.decrypt(row.phone_enc);
  rememberSecret(phone);
  return { name: row.name, phone };
}

/** The member's first sign-in: the phone proves itself by SMS code and the member sets a password. */
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

/** 个人创业贷 of 创保贷: 100,000.00 yuan over 12 months; the schedule's instalment at 4.35% is 8,530.99. */
async function applyInPortal(phone: Page, shots: string): Promise<string> {
  await phone.getByTestId('m-to-loans').click();
  await phone.getByTestId('m-loans-apply').click();
  const product = phone.getByTestId('m-apply-product').getByText('个人创业贷', { exact: false });
  await expectVisible(product, 'the 个人创业贷 product on the apply page');
  await product.first().click();
  await mobileInput(phone, 'm-apply-amount').fill('100000');
  await mobileInput(phone, 'm-apply-term').fill('12');
  await phone.getByTestId('m-apply-purpose').locator('textarea').first().fill('开办社区便民早餐店，购置厨房设备并支付店面租金');
  await mobileInput(phone, 'm-apply-jobs').fill('3');
  await phone.getByTestId('m-apply-declare').click();
  await phone.screenshot({ path: path.join(shots, 'loans-1-apply.png'), fullPage: true });
  await phone.getByTestId('m-apply-submit').click();
  const refBox = phone.getByTestId('m-loan-reference');
  await expectVisible(refBox, 'the loan reference after applying', 20_000);
  const reference = (await refBox.innerText()).trim();
  if (!/^[A-Z]{2,4}\d{9,}$/.test(reference)) throw new Error(`unexpected loan reference “${reference}”`);
  return reference;
}

/** A cadre or officer finds the loan in the loan book by its reference (the demo holds ~2,500) and opens it. */
async function openLoan(desk: Page, baseUrl: string, reference: string): Promise<void> {
  await desk.goto(`${baseUrl}/loans?q=${reference}`);
  const link = desk.getByTestId('loans-table').getByTestId('loan-link').filter({ hasText: reference });
  await expectVisible(link, `${reference} in the loan book`);
  await link.first().click();
  await expectVisible(desk.getByTestId('loan-timeline'), `the page of ${reference}`);
}

/** Approves the step waiting on this account's unit, with what the step needs typed in first. */
async function approveStep(desk: Page, who: string, fill?: (desk: Page) => Promise<void>): Promise<void> {
  const form = desk.getByTestId('decision-form');
  await expectVisible(form, `the decision form for ${who}`);
  if (fill) await fill(desk);
  await field(desk, 'decision-comment').fill(`${who}：材料齐全，同意。`);
  await form.getByTestId('decision-submit').click();
  try {
    await form.waitFor({ state: 'detached' });
  } catch {
    const shown = await desk.locator('.ant-form-item-explain-error, .ant-message-error').allInnerTexts();
    throw new Error(`${who}'s approval did not go through${shown.length ? `: ${shown.join('; ')}` : ''}`);
  }
}

async function actAs(browser: Browser, baseUrl: string, username: string, totp: boolean, act: (desk: Page) => Promise<void>): Promise<void> {
  const desk = await newPage(browser);
  try {
    if (totp) await signInWithTotp(desk, baseUrl, username);
    else {
      await signIn(desk, baseUrl, username);
      await expectVisible(desk.getByTestId('home-greeting'), `the console after ${username} signs in`);
    }
    await act(desk);
  } finally {
    await desk.context().close();
  }
}

/**
 * 创保贷 end to end: a member applies on the phone; 三井街道 recommends, 新北区 reviews, the city confirms the
 * amount, the insurer underwrites with a policy number, the bank approves with a contract number; `bank`
 * records the disbursement and `bank2` confirms it; the member then sees the loan 还款中 with its schedule.
 */
export async function loanAppliedInPortalAndLent(browser: Browser, baseUrl: string, root: string): Promise<void> {
  const shots = path.join(root, '.test-output/screenshots');
  await mkdir(shots, { recursive: true });
  const borrower = await freshBorrower();
  const phone = await phonePage(browser);
  try {
    await firstSignIn(phone, baseUrl, borrower.phone);
    const reference = await applyInPortal(phone, shots);

    await actAs(browser, baseUrl, 'sanjing', false, async (desk) => {
      // The street cadre meets it in 待我处理 first.
      await desk.goto(`${baseUrl}/loans/queue`);
      await expectVisible(desk.getByTestId('queue-table'), 'the queue');
      await openLoan(desk, baseUrl, reference);
      await approveStep(desk, '三井街道');
    });
    await actAs(browser, baseUrl, 'xinbei', false, async (desk) => {
      await openLoan(desk, baseUrl, reference);
      await approveStep(desk, '新北区');
    });
    await actAs(browser, baseUrl, 'city', false, async (desk) => {
      await openLoan(desk, baseUrl, reference);
      await approveStep(desk, '市总', async (d) => {
        const amount = field(d, 'decision-amount');
        await expectVisible(amount, 'the confirmed amount');
        if ((await amount.inputValue()).replace(/,/g, '') !== '100000.00') throw new Error(`the city's amount starts at “${await amount.inputValue()}”`);
      });
    });
    await actAs(browser, baseUrl, 'insurer', true, async (desk) => {
      await openLoan(desk, baseUrl, reference);
      await approveStep(desk, '保险机构', (d) => field(d, 'decision-policy-no').fill('PICC-CZ-2026-0188'));
    });
    await actAs(browser, baseUrl, 'bank', true, async (desk) => {
      await openLoan(desk, baseUrl, reference);
      await approveStep(desk, '银行', (d) => field(d, 'decision-contract-no').fill('JSB-CZ-2026-CBD-0521'));
      // The same officer then records the money sent (maker).
      await expectVisible(desk.getByTestId('disbursement-form'), 'the disbursement form after approving');
      await field(desk, 'disbursement-ref').fill('TXN20260521001');
      await desk.getByTestId('disbursement-record').click();
      await expectVisible(desk.getByTestId('disbursement-card'), 'the recorded disbursement');
      const maker = (await desk.getByTestId('disbursement-maker').innerText()).trim();
      if (!maker || maker === '—') throw new Error('the disbursement names no maker');
      if (await desk.getByTestId('disbursement-confirm').isEnabled()) throw new Error('the maker may confirm their own disbursement');
    });
    await actAs(browser, baseUrl, 'bank2', true, async (desk) => {
      await openLoan(desk, baseUrl, reference);
      await desk.getByTestId('disbursement-confirm').click();
      await desk.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn-primary').click();
      await expectVisible(desk.getByTestId('disbursement-card').getByText('已放款'), 'the confirmed disbursement');
      await desk.screenshot({ path: path.join(shots, 'loans-2-disbursed.png'), fullPage: true });
    });

    // The member sees the loan repaying, with its schedule.
    await phone.goto(`${baseUrl}/m/loans`);
    const card = phone.locator(`[data-testid="m-loan-card"][data-reference="${reference}"]`);
    await expectVisible(card, `${reference} among my loans`);
    const state = (await card.getByTestId('m-loan-state').innerText()).trim();
    if (state !== '还款中') throw new Error(`my loans shows “${state}”, expected 还款中`);
    await card.click();
    const rows = phone.getByTestId('m-loan-schedule-row');
    await expectVisible(rows, 'the repayment schedule');
    const count = await rows.count();
    if (count !== 12) throw new Error(`the schedule has ${count} rows, expected 12`);
    const first = (await rows.first().innerText()).replace(/\s+/g, ' ');
    if (!first.includes('8,530.99')) throw new Error(`the first period reads “${first}”, expected an instalment of ¥8,530.99`);
    const next = (await phone.getByTestId('m-loan-next-due').innerText()).trim();
    if (!next.includes('8,530.99')) throw new Error(`the next payment reads “${next}”`);
    await phone.screenshot({ path: path.join(shots, 'loans-3-repaying.png'), fullPage: true });
  } catch (err) {
    // What the phone showed when it went wrong, for the red line's reader.
    await phone.screenshot({ path: path.join(shots, 'loans-failed-phone.png'), fullPage: true }).catch(() => undefined);
    throw err;
  } finally {
    await phone.context().close();
  }
}
