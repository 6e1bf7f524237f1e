import { smsOutbox, type Db } from '@tongxing/db';
import type { Config } from '../config';
import type { Clock } from './clock';
import type { FieldCrypto } from './crypto';

/**
 * Text messages to a mobile phone. Gateways (Aliyun, Tencent Cloud, an operator's) want a registered
 * template and its parameters rather than free text, so callers name a template; the provider renders or
 * forwards it. Implementations must never log the phone, the parameters or the rendered text.
 */
export interface SmsProvider {
  send(phone: string, template: string, params: Record<string, string>): Promise<void>;
}

const SIGN = '【同行】';

/** The message texts, as they would be registered with a gateway (zh-CN: the members' language). */
const templates: Record<string, (p: Record<string, string>) => string> = {
  otp_join: (p) => `${SIGN}您正在申请加入工会，验证码 ${p.code}，${p.minutes} 分钟内有效。如非本人操作，请忽略本短信。`,
  otp_first_login: (p) => `${SIGN}您正在设置会员服务登录密码，验证码 ${p.code}，${p.minutes} 分钟内有效。请勿告诉他人。`,
  otp_reset: (p) => `${SIGN}您正在重置会员服务登录密码，验证码 ${p.code}，${p.minutes} 分钟内有效。请勿告诉他人。`,
  join_approved: (p) =>
    `${SIGN}${p.name}您好，您的入会申请（编号 ${p.reference}）已通过，您已成为${p.orgName}会员。可用本机号码登录会员服务，首次登录请用短信验证码设置密码。`,
  join_rejected: (p) => `${SIGN}${p.name}您好，您向${p.orgName}提交的入会申请（编号 ${p.reference}）未通过，原因：${p.reason}。如有疑问请联系该工会。`,
};

export function renderSms(template: string, params: Record<string, string>): string {
  const render = templates[template];
  if (!render) throw new Error(`unknown SMS template ${template}`);
  return render(params);
}

/**
 * The development and demo provider: messages stay in `sms_outbox`, phone and text encrypted, for an
 * administrator to read in the console while DEMO is on. Nothing leaves the server.
 */
export class OutboxSmsProvider implements SmsProvider {
  constructor(
    private readonly db: Db,
    private readonly crypto: FieldCrypto,
    private readonly clock: Clock,
  ) {}

  async send(phone: string, template: string, params: Record<string, string>): Promise<void> {
    const body = renderSms(template, params);
    await this.db.insert(smsOutbox).values({
      phoneEnc: this.crypto.encrypt(phone),
      phoneLast4: phone.slice(-4),
      template,
      bodyEnc: this.crypto.encrypt(body),
      createdAt: this.clock(),
    });
  }
}

export function createSmsProvider(config: Config, db: Db, crypto: FieldCrypto, clock: Clock): SmsProvider {
  switch (config.SMS_PROVIDER) {
    case 'outbox':
      return new OutboxSmsProvider(db, crypto, clock);
  }
}
