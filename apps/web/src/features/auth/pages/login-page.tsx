import { LockOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { ReturnState } from '../../../app/guards';
import { ProblemError } from '../../../shared/api-client';
import { useApiError } from '../../../shared/use-api-error';
import { useLogin, useMe, type LoginInput } from '../auth-api';
import { AuthFrame } from '../components/auth-frame';
import { DemoAccounts } from '../components/demo-accounts';
import { useSystemInfo } from '../../../shared/system-info';

interface Credentials {
  username: string;
  password: string;
}

type Notice = { kind: 'locked'; minutes: number } | { kind: 'error'; text: string } | null;

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();
  const login = useLogin();
  const showError = useApiError();
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [form] = Form.useForm<Credentials>();
  const [totpForm] = Form.useForm<{ totp: string }>();
  const from = (location.state as ReturnState | null)?.from;
  const info = useSystemInfo();

  useEffect(() => {
    if (me) void navigate(from && from !== '/login' ? from : '/', { replace: true });
  }, [me, from, navigate]);

  const submit = (input: LoginInput) => {
    setNotice(null);
    login.mutate(input, {
      onError: (err) => {
        if (!(err instanceof ProblemError)) return showError(err);
        if (err.is('TOTP_REQUIRED')) {
          setCredentials({ username: input.username, password: input.password });
          return;
        }
        if (err.is('TOTP_INVALID')) {
          totpForm.setFields([{ name: 'totp', errors: [err.title] }]);
          return;
        }
        if (err.is('ACCOUNT_LOCKED')) {
          const seconds = Number(err.problem.params?.['retryAfterSeconds'] ?? 60);
          setNotice({ kind: 'locked', minutes: Math.max(1, Math.ceil(seconds / 60)) });
          return;
        }
        if (err.is('VALIDATION_FAILED')) return showError(err, credentials ? totpForm : form);
        setNotice({ kind: 'error', text: err.title });
      },
    });
  };

  const alert =
    notice?.kind === 'locked' ? (
      <Alert type="error" showIcon title={t('auth.lockedTitle')} description={t('auth.lockedText', { minutes: notice.minutes })} style={{ marginBottom: 16 }} />
    ) : notice?.kind === 'error' ? (
      <Alert type="error" showIcon title={notice.text} style={{ marginBottom: 16 }} />
    ) : null;

  if (credentials) {
    return (
      <AuthFrame title={<span><SafetyOutlined /> {t('auth.totpStepTitle')}</span>}>
        {alert}
        <Typography.Paragraph type="secondary">{t('auth.totpStepHint', { username: credentials.username })}</Typography.Paragraph>
        <Form form={totpForm} layout="vertical" onFinish={(v) => submit({ ...credentials, totp: v.totp.trim() })} requiredMark={false}>
          <Form.Item name="totp" label={t('auth.totpCode')} rules={[{ required: true, message: t('auth.totpRequired') }]}>
            <Input size="large" autoFocus autoComplete="one-time-code" maxLength={32} placeholder="123456" data-testid="login-totp" />
          </Form.Item>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
              {t('auth.verify')}
            </Button>
            <Button type="link" block onClick={() => { setCredentials(null); setNotice(null); }}>
              {t('auth.back')}
            </Button>
          </Space>
        </Form>
      </AuthFrame>
    );
  }

  return (
    <AuthFrame title={t('auth.loginTitle')}>
      {alert}
      <Form form={form} layout="vertical" onFinish={(v) => submit(v)} requiredMark={false} initialValues={credentials ?? undefined}>
        <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, whitespace: true, message: t('auth.usernameRequired') }]}>
          <Input size="large" prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
          <Input.Password size="large" prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={login.isPending} data-testid="login-submit">
          {t('auth.login')}
        </Button>
      </Form>
      {info.data?.demo && <DemoAccounts demo={info.data.demo} onPick={(username, password) => form.setFieldsValue({ username, password })} />}
    </AuthFrame>
  );
}
