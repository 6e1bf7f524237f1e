import { SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { useCurrentUser, useDisableTotp, useRefreshMe, useRegenerateRecoveryCodes } from '../../auth/auth-api';
import { RecoveryCodes } from '../../auth/components/recovery-codes';
import { TotpEnrolment } from '../../auth/components/totp-enrolment';

export function TotpCard() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { modal, message } = App.useApp();
  const refreshMe = useRefreshMe();
  const regenerate = useRegenerateRecoveryCodes();
  const disable = useDisableTotp();
  const showError = useApiError();
  const [enrolling, setEnrolling] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [turningOff, setTurningOff] = useState(false);
  const [form] = Form.useForm<{ password: string }>();

  return (
    <Card size="small" title={<Space><SafetyCertificateOutlined />{t('profile.security')}</Space>}>
      <Space orientation="vertical" size={10} style={{ width: '100%' }}>
        <Badge status={me.totpEnabled ? 'success' : 'default'} text={me.totpEnabled ? t('profile.totpOn') : t('profile.totpOff')} />
        <Typography.Text type="secondary">{me.mfaRequired ? t('profile.totpRequired') : t('profile.totpOptional')}</Typography.Text>
        <Space wrap>
          {!me.totpEnabled && (
            <Button type="primary" onClick={() => setEnrolling(true)}>
              {t('profile.enrol')}
            </Button>
          )}
          {me.totpEnabled && (
            <Button
              loading={regenerate.isPending}
              onClick={() =>
                modal.confirm({
                  title: t('profile.regenerateConfirm'),
                  onOk: () => regenerate.mutateAsync().then((r) => setCodes(r.recoveryCodes), (e: unknown) => showError(e)),
                })
              }
            >
              {t('profile.regenerate')}
            </Button>
          )}
          {me.totpEnabled && !me.mfaRequired && (
            <Button danger onClick={() => setTurningOff(true)}>
              {t('profile.turnOff')}
            </Button>
          )}
        </Space>
      </Space>

      <Modal open={enrolling} title={t('auth.enrolTitle')} footer={null} width={660} onCancel={() => setEnrolling(false)} destroyOnHidden>
        <TotpEnrolment
          username={me.username}
          onFinished={() => {
            setEnrolling(false);
            void refreshMe();
            void message.success(t('profile.enrolled'));
          }}
        />
      </Modal>
      <Modal open={codes !== null} title={t('profile.newCodes')} footer={null} closable={false} mask={{ closable: false }} destroyOnHidden>
        {codes && <RecoveryCodes codes={codes} username={me.username} onContinue={() => setCodes(null)} continueLabel={t('common.close')} />}
      </Modal>
      <Modal
        open={turningOff}
        title={t('profile.turnOffTitle')}
        onCancel={() => setTurningOff(false)}
        onOk={() => form.submit()}
        okButtonProps={{ danger: true }}
        confirmLoading={disable.isPending}
        forceRender
      >
        <Typography.Paragraph type="secondary">{t('profile.turnOffHint')}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            disable.mutate(v.password, {
              onSuccess: () => {
                setTurningOff(false);
                form.resetFields();
                void message.success(t('profile.turnedOff'));
              },
              onError: (e) => showError(e, form),
            })
          }
        >
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
