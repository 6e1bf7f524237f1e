import type { OtpPurpose } from '@tongxing/contracts';
import { MOBILE_PATTERN } from '@tongxing/domain';
import { Button, Form, Input, Toast } from 'antd-mobile';
import type { FormInstance } from 'antd-mobile/es/components/form';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { useSendOtp } from '../portal-api';
import { usePortalError } from '../portal-errors';

export function PhoneItem({ disabled }: { disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="phone"
      label={t('portal.field.phone')}
      rules={[
        { required: true, message: t('portal.check.required', { field: t('portal.field.phone') }) },
        { pattern: MOBILE_PATTERN, message: t('portal.check.phone') },
      ]}
    >
      <Input type="tel" inputMode="numeric" maxLength={11} clearable placeholder={t('portal.field.phonePlaceholder')} autoComplete="tel" disabled={disabled ?? false} data-testid="m-phone" />
    </Form.Item>
  );
}

/**
 * The SMS code with its "send" button. The button checks the phone field first, then counts down the
 * seconds the server names (also after a "too soon" answer), so nobody taps it into the rate limit.
 */
export function OtpCodeItem({ form, purpose }: { form: FormInstance; purpose: OtpPurpose }) {
  const { t } = useTranslation();
  const send = useSendOtp();
  const showError = usePortalError();
  const [left, setLeft] = useState(0);

  useEffect(() => {
    if (left <= 0) return;
    const id = setTimeout(() => setLeft((s) => s - 1), 1000);
    return () => clearTimeout(id);
  }, [left]);

  const onSend = async () => {
    try {
      await form.validateFields(['phone']);
    } catch {
      Toast.show({ content: t('portal.check.phoneFirst') });
      return;
    }
    const phone = String(form.getFieldValue('phone')).trim();
    send.mutate(
      { phone, purpose },
      {
        onSuccess: (r) => {
          setLeft(r.resendAfterSeconds);
          Toast.show({ icon: 'success', content: t('portal.field.codeSent', { minutes: Math.round(r.expiresInSeconds / 60) }) });
        },
        onError: (err) => {
          const wait = err instanceof ProblemError ? Number(err.problem.params?.['retryAfterSeconds'] ?? 0) : 0;
          if (err instanceof ProblemError && err.is('OTP_TOO_SOON') && wait > 0) setLeft(wait);
          showError(err, form);
        },
      },
    );
  };

  return (
    <Form.Item
      name="code"
      label={t('portal.field.code')}
      rules={[
        { required: true, message: t('portal.check.required', { field: t('portal.field.code') }) },
        { pattern: /^\d{6}$/, message: t('portal.check.code') },
      ]}
      extra={
        <Button size="small" color="primary" fill="outline" disabled={left > 0} loading={send.isPending} onClick={() => void onSend()} data-testid="m-send-code">
          {left > 0 ? t('portal.field.resend', { seconds: left }) : t('portal.field.sendCode')}
        </Button>
      }
    >
      <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" placeholder={t('portal.field.codePlaceholder')} data-testid="m-code" />
    </Form.Item>
  );
}

const memberPasswordOk = (v: string) => v.length >= 8 && /[A-Za-z]/.test(v) && /\d/.test(v);

/** New password and its repetition, checked by the members' rule (the server checks it again). */
export function NewPasswordItems() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="newPassword"
        label={t('portal.field.newPassword')}
        help={t('portal.field.passwordHint')}
        rules={[
          { required: true, message: t('portal.check.required', { field: t('portal.field.newPassword') }) },
          { validator: (_r, v: string | undefined) => (!v || memberPasswordOk(v) ? Promise.resolve() : Promise.reject(new Error(t('portal.check.passwordRule')))) },
        ]}
      >
        <Input type="password" autoComplete="new-password" placeholder={t('portal.field.passwordHint')} data-testid="m-new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('portal.field.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('portal.check.required', { field: t('portal.field.confirmPassword') }) },
          ({ getFieldValue }) => ({
            validator: (_r, v: string | undefined) => (!v || v === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('portal.check.mismatch')))),
          }),
        ]}
      >
        <Input type="password" autoComplete="new-password" data-testid="m-confirm-password" />
      </Form.Item>
    </>
  );
}
