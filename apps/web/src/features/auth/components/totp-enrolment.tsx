import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Input, Row, Spin, Steps, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useTotpConfirm, useTotpStart } from '../auth-api';
import { RecoveryCodes } from './recovery-codes';

function groupSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

/** Scan → confirm → recovery codes. `onFinished` runs once the person confirms they kept the codes. */
export function TotpEnrolment({ username, onFinished, required }: { username: string; onFinished: () => void; required?: boolean }) {
  const { t } = useTranslation();
  const start = useTotpStart();
  const confirm = useTotpConfirm();
  const showError = useApiError();
  const [form] = Form.useForm<{ code: string }>();
  const [codes, setCodes] = useState<string[] | null>(null);
  const started = useRef(false);
  const { mutate: startEnrolment } = start;

  // Each start makes a new secret on the server; ask once, even when React runs effects twice.
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    startEnrolment();
  }, [startEnrolment]);

  const step = codes ? 2 : start.data ? 1 : 0;
  const steps = (
    <Steps
      size="small"
      current={step}
      style={{ marginBottom: 20 }}
      items={[{ title: t('auth.stepScan') }, { title: t('auth.stepConfirm') }, { title: t('auth.stepCodes') }]}
    />
  );

  if (codes) {
    return (
      <>
        {steps}
        <RecoveryCodes codes={codes} username={username} onContinue={onFinished} />
      </>
    );
  }

  return (
    <>
      {steps}
      <Typography.Paragraph type="secondary">{required ? t('auth.enrolIntro') : t('auth.enrolIntroOptional')}</Typography.Paragraph>
      {start.isError && <Alert type="error" showIcon title={start.error.message} style={{ marginBottom: 12 }} />}
      <Row gutter={24} align="middle">
        <Col flex="200px" style={{ textAlign: 'center' }}>
          {start.data ? (
            <img src={start.data.qrDataUrl} alt="QR" width={184} height={184} style={{ border: '1px solid #f0f0f0', padding: 4 }} data-testid="totp-qr" data-otpauth={start.data.otpauthUrl} />
          ) : (
            <div style={{ width: 184, height: 184, display: 'grid', placeItems: 'center' }}>
              <Spin />
            </div>
          )}
          <Button type="link" size="small" icon={<ReloadOutlined />} onClick={() => { form.resetFields(); startEnrolment(); }} loading={start.isPending}>
            {t('auth.restart')}
          </Button>
        </Col>
        <Col flex="auto">
          <Typography.Text type="secondary">{t('auth.cannotScan')}</Typography.Text>
          <Typography.Paragraph copyable={start.data ? { text: start.data.secret } : false} className="tx-mono" style={{ fontSize: 15, margin: '6px 0 16px' }}>
            <span data-testid="totp-secret" data-secret={start.data?.secret ?? ''}>
              {start.data ? groupSecret(start.data.secret) : '…'}
            </span>
          </Typography.Paragraph>
          <Form
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) =>
              confirm.mutate(v.code.trim(), { onSuccess: (r) => setCodes(r.recoveryCodes), onError: (err) => showError(err, form) })
            }
          >
            <Form.Item
              name="code"
              label={t('auth.code')}
              extra={t('auth.codeHint')}
              rules={[{ required: true, pattern: /^\s*\d{6}\s*$/, message: t('auth.codeFormat') }]}
            >
              <Input size="large" maxLength={6} inputMode="numeric" autoComplete="one-time-code" placeholder="000000" style={{ letterSpacing: 6, width: 200 }} data-testid="totp-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending} disabled={!start.data} data-testid="totp-confirm">
              {t('auth.confirmEnrol')}
            </Button>
          </Form>
        </Col>
      </Row>
    </>
  );
}
