import { CheckCircleFilled, SearchOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Form, Input, Result, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../shared/api-client';
import { useSystemInfo } from '../../../shared/system-info';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { MerchantFields, merchantBody, type MerchantFormValues } from '../../merchants/components/merchant-fields';
import { merchantStateColor, merchantStateName } from '../../merchants/merchant-format';
import type { MerchantState } from '@tongxing/domain';
import '../public-merchant.css';

interface ApplicationStatus {
  reference: string;
  name: string;
  orgName: string;
  state: MerchantState;
  reviewNote: string | null;
  bannedUntil: string | null;
  createdAt: string;
}

function StatusLookup() {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const [form] = Form.useForm<{ reference: string; phone: string }>();
  const lookup = useMutation({ mutationFn: (q: { reference: string; phone: string }) => api.get<ApplicationStatus>('/merchant-applications/status', q) });
  const s = lookup.data;
  return (
    <>
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => lookup.mutate(v, { onError: (e) => showError(e, form) })}>
        <Form.Item name="reference" label={t('publicMerchant.reference')} rules={[{ required: true, message: t('common.required', { field: t('publicMerchant.reference') }) }]}>
          <Input maxLength={24} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Form.Item name="phone" label={t('merchants.field.contactPhone')} rules={[{ required: true, message: t('common.required', { field: t('merchants.field.contactPhone') }) }]}>
          <Input maxLength={11} inputMode="tel" />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={lookup.isPending} block>
          {t('publicMerchant.lookup')}
        </Button>
      </Form>
      {s && (
        <Descriptions size="small" bordered column={1} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('merchants.field.name')}>{s.name}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.field.org')}>{s.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('common.status')}>
            <Tag color={merchantStateColor[s.state]}>{merchantStateName(s.state, i18n.language)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('publicMerchant.appliedAt')}>{formatDateTimeShort(s.createdAt)}</Descriptions.Item>
          {s.reviewNote && <Descriptions.Item label={t('merchants.detail.reviewNote')}>{s.reviewNote}</Descriptions.Item>}
          {s.bannedUntil && <Descriptions.Item label={t('publicMerchant.bannedUntil')}>{orDash(s.bannedUntil)}</Descriptions.Item>}
        </Descriptions>
      )}
    </>
  );
}

/** /merchant-apply (no sign-in): a shop applies to become a partner merchant, or follows its application. */
export function MerchantApplyPage() {
  const { t } = useTranslation();
  const showError = useApiError();
  const { message } = App.useApp();
  const info = useSystemInfo();
  const federation = info.data?.federation?.name ?? t('app.defaultOrg');
  const [mode, setMode] = useState<'apply' | 'status'>('apply');
  const [form] = Form.useForm<MerchantFormValues>();
  const [done, setDone] = useState<{ reference: string } | null>(null);
  const submit = useMutation({ mutationFn: (body: ReturnType<typeof merchantBody>) => api.post<{ reference: string; state: string }>('/merchant-applications', body) });

  return (
    <div className="tx-pm">
      <header className="tx-pm-hero">
        <div className="tx-pm-brand">
          <span className="tx-pm-logo">同</span>
          {federation}
        </div>
        <h1>{t('publicMerchant.title')}</h1>
        <p>{t('publicMerchant.subtitle')}</p>
      </header>
      <main className="tx-pm-main">
        <Card className="tx-pm-card">
          {done ? (
            <Result
              icon={<CheckCircleFilled style={{ color: '#c8161d' }} />}
              title={t('publicMerchant.submitted')}
              subTitle={t('publicMerchant.submittedHint')}
              extra={[
                <div key="ref" className="tx-pm-reference" data-testid="merchant-reference">
                  {done.reference}
                </div>,
                <Button key="status" onClick={() => (setDone(null), setMode('status'))}>
                  {t('publicMerchant.lookupTab')}
                </Button>,
              ]}
            />
          ) : (
            <>
              <Segmented
                block
                value={mode}
                onChange={setMode}
                options={[
                  { value: 'apply', label: t('publicMerchant.applyTab') },
                  { value: 'status', label: t('publicMerchant.lookupTab') },
                ]}
                style={{ marginBottom: 20 }}
              />
              {mode === 'apply' ? (
                <Form
                  form={form}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={(v) =>
                    submit.mutate(merchantBody(v), {
                      onSuccess: (r) => {
                        void message.success(t('publicMerchant.submitted'));
                        setDone({ reference: r.reference });
                        form.resetFields();
                      },
                      onError: (e) => showError(e, form),
                    })
                  }
                >
                  <Typography.Paragraph type="secondary">{t('publicMerchant.intro')}</Typography.Paragraph>
                  <MerchantFields form={form} withProposal />
                  <Button type="primary" htmlType="submit" size="large" block loading={submit.isPending} data-testid="merchant-apply-submit">
                    {t('publicMerchant.submit')}
                  </Button>
                </Form>
              ) : (
                <StatusLookup />
              )}
            </>
          )}
        </Card>
        <p className="tx-pm-foot">{t('publicMerchant.foot', { federation })}</p>
      </main>
    </div>
  );
}
