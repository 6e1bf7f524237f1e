import { DeleteOutlined, EyeOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { MerchantAgreement, MerchantDetail } from '@tongxing/contracts';
import type { MerchantEvent } from '@tongxing/domain';
import { Alert, App, Button, DatePicker, Descriptions, Drawer, Empty, Form, Image, Input, InputNumber, Modal, Select, Skeleton, Space, Table, Tabs, Tag, Upload } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { bps, categoryName, merchantStateColor, merchantStateName, yuan } from '../merchant-format';
import {
  merchantPhotoUrl,
  useAddPhoto,
  useEndAgreement,
  useMerchant,
  useRecordAssessment,
  useRemovePhoto,
  useRevealContact,
  useReviewMerchant,
  useSignAgreement,
} from '../merchants-api';
import { AgreementFields, agreementBody, type AgreementValues } from './agreement-fields';
import { MerchantSettlementsTable, MerchantTransactionsTable } from './merchant-money';

type Dialog = MerchantEvent | 'agreement' | 'assessment' | 'reveal' | { end: MerchantAgreement } | null;

export function MerchantStateTag({ state }: { state: MerchantDetail['state'] }) {
  const { i18n } = useTranslation();
  return (
    <Tag color={merchantStateColor[state]} data-testid="merchant-state" data-state={state}>
      {merchantStateName(state, i18n.language)}
    </Tag>
  );
}

function Overview({ m }: { m: MerchantDetail }) {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const showError = useApiError();
  const add = useAddPhoto();
  const remove = useRemovePhoto();
  const canReview = hasPermission(me, 'merchant:review');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {m.state === 'revoked' && m.bannedUntil && <Alert type="error" showIcon title={t('merchants.detail.banned', { date: m.bannedUntil })} />}
      {m.reviewNote && <Alert type={m.state === 'rejected' || m.state === 'suspended' ? 'warning' : 'info'} showIcon title={t('merchants.detail.reviewNote')} description={m.reviewNote} />}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('merchants.field.creditCode')}>
          <span className="tx-mono">{orDash(m.creditCode)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('merchants.field.category')}>{categoryName(m.category, i18n.language)}</Descriptions.Item>
        <Descriptions.Item label={t('merchants.field.org')}>{m.districtName && m.districtName !== m.orgName ? `${m.districtName} · ${m.orgName}` : m.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('merchants.detail.source')}>
          {t(`merchants.source.${m.source}`)}
          {m.reference ? <span className="tx-mono"> · {m.reference}</span> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('merchants.field.address')} span={2}>
          {m.address}
          {m.lng !== null && m.lat !== null && <span className="tx-muted tx-mono"> （{m.lng.toFixed(5)}, {m.lat.toFixed(5)}）</span>}
        </Descriptions.Item>
        <Descriptions.Item label={t('merchants.field.openingHours')}>{orDash(m.openingHours)}</Descriptions.Item>
        <Descriptions.Item label={t('merchants.field.contactName')}>
          {orDash(m.contactName)} <span className="tx-mono">{orDash(m.contactPhoneMasked)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('merchants.detail.terms')}>
          {t('merchants.detail.termsText', { discount: bps(m.discountBps), subsidy: bps(m.subsidyBps) })}
        </Descriptions.Item>
        <Descriptions.Item label={t('merchants.detail.activatedOn')}>{orDash(m.activatedOn)}</Descriptions.Item>
        {m.proposal && (
          <Descriptions.Item label={t('merchants.detail.proposal')} span={2}>
            {t('merchants.detail.termsText', { discount: bps(m.proposal.discountBps ?? null), subsidy: bps(m.proposal.subsidyBps ?? null) })}
            {m.proposal.note ? `；${m.proposal.note}` : ''}
          </Descriptions.Item>
        )}
        {m.description && (
          <Descriptions.Item label={t('merchants.field.description')} span={2}>
            {m.description}
          </Descriptions.Item>
        )}
      </Descriptions>
      <div>
        <Space style={{ marginBottom: 8 }}>
          <b>{t('merchants.detail.photos')}</b>
          <span className="tx-muted">{m.photos.length} / 9</span>
          {canReview && m.photos.length < 9 && (
            <Upload
              accept="image/jpeg,image/png,image/webp"
              showUploadList={false}
              beforeUpload={(file) => {
                add.mutate({ id: m.id, file }, { onError: (e) => showError(e) });
                return false;
              }}
            >
              <Button size="small" icon={<UploadOutlined />} loading={add.isPending}>
                {t('merchants.detail.addPhoto')}
              </Button>
            </Upload>
          )}
        </Space>
        {m.photos.length === 0 ? (
          <div className="tx-muted">{t('merchants.detail.noPhotos')}</div>
        ) : (
          <Image.PreviewGroup>
            <Space wrap>
              {m.photos.map((p) => (
                <div key={p.n} style={{ position: 'relative' }}>
                  <Image src={merchantPhotoUrl(m.id, p.n)} width={104} height={78} style={{ objectFit: 'cover', borderRadius: 4 }} />
                  {canReview && (
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      style={{ position: 'absolute', top: 0, right: 0, background: 'rgba(255,255,255,0.85)' }}
                      onClick={() => remove.mutate({ id: m.id, n: p.n }, { onError: (e) => showError(e) })}
                      aria-label={t('common.delete')}
                    />
                  )}
                </div>
              ))}
            </Space>
          </Image.PreviewGroup>
        )}
      </div>
    </Space>
  );
}

/** One merchant: particulars, agreements, assessments, transactions and settlements; the district's review moves. */
export function MerchantDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const { data: m, isPending } = useMerchant(id);
  const review = useReviewMerchant();
  const sign = useSignAgreement();
  const end = useEndAgreement();
  const assess = useRecordAssessment();
  const reveal = useRevealContact();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [form] = Form.useForm();
  const canReview = hasPermission(me, 'merchant:review');

  const open = (d: Dialog) => {
    form.resetFields();
    if (d === 'approve' || d === 'agreement') form.setFieldsValue({ valid: [dayjs(), dayjs().add(1, 'year').subtract(1, 'day')], discountPct: m?.proposal?.discountBps != null ? m.proposal.discountBps / 100 : undefined, subsidyPct: m?.proposal?.subsidyBps != null ? m.proposal.subsidyBps / 100 : undefined });
    if (d === 'assessment') form.setFieldsValue({ year: dayjs().year() - (dayjs().month() < 3 ? 1 : 0), result: 'pass' });
    setDialog(d);
  };
  const done = () => {
    void message.success(t('common.done'));
    setDialog(null);
  };
  const fail = (err: unknown) => showError(err, form);

  const submit = async () => {
    if (!m || !dialog) return;
    const v = (await form.validateFields()) as Record<string, unknown>;
    if (dialog === 'approve') review.mutate({ id: m.id, action: 'approve', body: { agreement: agreementBody(v as unknown as AgreementValues), ...(v['note'] ? { note: v['note'] } : {}) } }, { onSuccess: done, onError: fail });
    else if (dialog === 'reject' || dialog === 'suspend') review.mutate({ id: m.id, action: dialog, body: { reason: v['reason'] } }, { onSuccess: done, onError: fail });
    else if (dialog === 'revoke')
      review.mutate({ id: m.id, action: 'revoke', body: { reason: v['reason'], ...(v['revokedOn'] ? { revokedOn: (v['revokedOn'] as dayjs.Dayjs).format('YYYY-MM-DD') } : {}) } }, { onSuccess: done, onError: fail });
    else if (dialog === 'resume') review.mutate({ id: m.id, action: 'resume', body: v['note'] ? { note: v['note'] } : {} }, { onSuccess: done, onError: fail });
    else if (dialog === 'agreement') sign.mutate({ id: m.id, body: agreementBody(v as unknown as AgreementValues) }, { onSuccess: done, onError: fail });
    else if (dialog === 'assessment')
      assess.mutate(
        { id: m.id, body: { year: v['year'] as number, result: v['result'] as string, ...(v['score'] != null ? { score: v['score'] as number } : {}), ...(v['note'] ? { note: v['note'] as string } : {}) } },
        { onSuccess: done, onError: fail },
      );
    else if (dialog === 'reveal')
      reveal.mutate(
        { id: m.id, reason: v['reason'] as string },
        {
          onSuccess: (r) => {
            setPhone(r.contactPhone);
            setDialog(null);
          },
          onError: fail,
        },
      );
    else if (typeof dialog === 'object') end.mutate({ id: m.id, agreementId: dialog.end.id, endOn: (v['endOn'] as dayjs.Dayjs).format('YYYY-MM-DD'), reason: v['reason'] as string }, { onSuccess: done, onError: fail });
  };

  const agreementColumns = [
    { title: t('merchants.agreement.valid'), key: 'valid', render: (_v: unknown, a: MerchantAgreement) => `${a.validFrom} ~ ${a.validTo}` },
    { title: t('merchants.agreement.discount'), dataIndex: 'discountBps', width: 90, align: 'right' as const, render: (v: number) => bps(v) },
    { title: t('merchants.agreement.subsidy'), dataIndex: 'subsidyBps', width: 90, align: 'right' as const, render: (v: number) => bps(v) },
    { title: t('merchants.agreement.capPerTxn'), dataIndex: 'capPerTxnFen', width: 110, align: 'right' as const, render: (v: number | null) => (v === null ? t('merchants.agreement.noCap') : yuan(v)) },
    { title: t('merchants.agreement.capPerMonth'), dataIndex: 'capPerMonthFen', width: 110, align: 'right' as const, render: (v: number | null) => (v === null ? t('merchants.agreement.noCap') : yuan(v)) },
    {
      title: t('common.status'),
      key: 'status',
      width: 90,
      render: (_v: unknown, a: MerchantAgreement) => (a.current ? <Tag color="green">{t('merchants.agreement.current')}</Tag> : a.status === 'ended' ? <Tag>{t('merchants.agreement.ended')}</Tag> : <Tag color="blue">{t('merchants.agreement.signed')}</Tag>),
    },
    {
      title: '',
      key: 'a',
      width: 80,
      render: (_v: unknown, a: MerchantAgreement) =>
        canReview && a.status === 'active' ? (
          <Button size="small" type="link" danger onClick={() => open({ end: a })}>
            {t('merchants.agreement.end')}
          </Button>
        ) : null,
    },
  ];

  const dialogTitle = !dialog ? '' : typeof dialog === 'object' ? t('merchants.agreement.end') : t(`merchants.action.${dialog}`);
  const reasonLabel = dialog === 'reveal' ? t('merchants.detail.revealReason') : t('merchants.action.reason');

  return (
    <Drawer
      open={id !== null}
      onClose={() => {
        setPhone(null);
        onClose();
      }}
      size={860}
      title={m ? <Space>{m.name}<MerchantStateTag state={m.state} /></Space> : t('merchants.detail.title')}
      extra={
        m && canReview ? (
          <Space>
            {m.actions.map((a) => (
              <Button key={a} type={a === 'approve' ? 'primary' : 'default'} danger={a === 'revoke' || a === 'reject'} onClick={() => open(a)} data-testid={`merchant-${a}`}>
                {t(`merchants.action.${a}`)}
              </Button>
            ))}
            <Button icon={<EyeOutlined />} onClick={() => open('reveal')}>
              {t('merchants.detail.reveal')}
            </Button>
          </Space>
        ) : null
      }
      destroyOnHidden
      data-testid="merchant-drawer"
    >
      {isPending || !m ? (
        <Skeleton active paragraph={{ rows: 12 }} />
      ) : (
        <>
          {phone && <Alert type="info" showIcon closable title={t('merchants.detail.revealed', { phone })} style={{ marginBottom: 12 }} onClose={() => setPhone(null)} />}
          <Tabs
            items={[
              { key: 'overview', label: t('merchants.detail.overview'), children: <Overview m={m} /> },
              {
                key: 'agreements',
                label: t('merchants.detail.agreements', { count: m.agreements.length }),
                children: (
                  <>
                    {canReview && m.state === 'active' && (
                      <Button icon={<PlusOutlined />} onClick={() => open('agreement')} style={{ marginBottom: 8 }}>
                        {t('merchants.agreement.new')}
                      </Button>
                    )}
                    <Table size="small" rowKey="id" pagination={false} dataSource={m.agreements} columns={agreementColumns} locale={{ emptyText: t('merchants.agreement.none') }} />
                  </>
                ),
              },
              {
                key: 'assessments',
                label: t('merchants.detail.assessments'),
                children: (
                  <>
                    {canReview && (m.state === 'active' || m.state === 'suspended') && (
                      <Button icon={<PlusOutlined />} onClick={() => open('assessment')} style={{ marginBottom: 8 }}>
                        {t('merchants.assessment.new')}
                      </Button>
                    )}
                    {m.assessments.length === 0 ? (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('merchants.assessment.none')} />
                    ) : (
                      <Table
                        size="small"
                        rowKey="id"
                        pagination={false}
                        dataSource={m.assessments}
                        columns={[
                          { title: t('merchants.assessment.year'), dataIndex: 'year', width: 80 },
                          { title: t('merchants.assessment.result'), dataIndex: 'result', width: 100, render: (r: string) => <Tag color={r === 'fail' ? 'red' : r === 'improve' ? 'orange' : r === 'excellent' ? 'green' : 'blue'}>{t(`merchants.assessment.r.${r}`)}</Tag> },
                          { title: t('merchants.assessment.score'), dataIndex: 'score', width: 70, align: 'right', render: orDash },
                          { title: t('merchants.assessment.note'), dataIndex: 'note', render: orDash },
                          { title: t('merchants.assessment.by'), key: 'by', width: 180, render: (_v, a) => `${orDash(a.assessedByName)} · ${formatDateTimeShort(a.assessedAt).slice(0, 10)}` },
                        ]}
                      />
                    )}
                  </>
                ),
              },
              { key: 'transactions', label: t('merchants.detail.transactions'), children: <MerchantTransactionsTable merchantId={m.id} /> },
              { key: 'settlements', label: t('merchants.detail.settlements'), children: <MerchantSettlementsTable merchantId={m.id} /> },
            ]}
          />
        </>
      )}
      <Modal
        open={dialog !== null}
        title={dialogTitle}
        onCancel={() => setDialog(null)}
        onOk={() => void submit()}
        okText={t('common.confirm')}
        okButtonProps={{ danger: dialog === 'revoke' || dialog === 'reject' || dialog === 'suspend' }}
        confirmLoading={review.isPending || sign.isPending || end.isPending || assess.isPending || reveal.isPending}
        width={dialog === 'approve' || dialog === 'agreement' ? 640 : 520}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark={false}>
          {dialog === 'revoke' && <Alert type="warning" showIcon title={t('merchants.action.revokeWarning')} style={{ marginBottom: 12 }} />}
          {(dialog === 'approve' || dialog === 'agreement') && <AgreementFields />}
          {dialog === 'approve' && (
            <Form.Item name="note" label={t('merchants.action.note')}>
              <Input.TextArea rows={2} maxLength={300} />
            </Form.Item>
          )}
          {(dialog === 'reject' || dialog === 'suspend' || dialog === 'revoke' || dialog === 'reveal' || (typeof dialog === 'object' && dialog !== null)) && (
            <Form.Item name="reason" label={reasonLabel} rules={[{ required: true, message: t('common.required', { field: reasonLabel }) }]}>
              <Input.TextArea rows={3} maxLength={300} showCount data-testid="merchant-reason" />
            </Form.Item>
          )}
          {dialog === 'revoke' && (
            <Form.Item name="revokedOn" label={t('merchants.action.revokedOn')}>
              <DatePicker />
            </Form.Item>
          )}
          {typeof dialog === 'object' && dialog !== null && (
            <Form.Item name="endOn" label={t('merchants.agreement.endOn')} rules={[{ required: true, message: t('common.selectRequired', { field: t('merchants.agreement.endOn') }) }]}>
              <DatePicker />
            </Form.Item>
          )}
          {dialog === 'resume' && (
            <Form.Item name="note" label={t('merchants.action.note')}>
              <Input.TextArea rows={2} maxLength={300} />
            </Form.Item>
          )}
          {dialog === 'assessment' && (
            <>
              <Space size={16}>
                <Form.Item name="year" label={t('merchants.assessment.year')} rules={[{ required: true }]}>
                  <InputNumber min={2000} max={2100} />
                </Form.Item>
                <Form.Item name="result" label={t('merchants.assessment.result')} rules={[{ required: true }]}>
                  <Select style={{ width: 140 }} options={['excellent', 'pass', 'improve', 'fail'].map((r) => ({ value: r, label: t(`merchants.assessment.r.${r}`) }))} />
                </Form.Item>
                <Form.Item name="score" label={t('merchants.assessment.score')}>
                  <InputNumber min={0} max={100} precision={0} />
                </Form.Item>
              </Space>
              <Form.Item name="note" label={t('merchants.assessment.note')}>
                <Input.TextArea rows={3} maxLength={500} showCount />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>
    </Drawer>
  );
}
