import { ExclamationCircleOutlined } from '@ant-design/icons';
import type { Loan } from '@tongxing/contracts';
import { DEFAULT_AFTER_DAYS } from '@tongxing/domain';
import { Alert, App, Button, Card, DatePicker, Descriptions, Form, Input, Modal, Space, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { yuan, yuanToFen } from '../loan-format';
import { useDefaultAction, useLoanRisk, type DefaultAction, type DefaultActionInput } from '../loans-api';
import { YuanInput, yuanRule } from './money-input';

interface Values {
  date?: Dayjs;
  comment?: string;
  amount?: string;
  paymentRef?: string;
}

const riskStates = ['defaulted', 'claimed', 'recovered', 'written_off'];

/**
 * 认定逾期违约 (the loan's bank or the city, > 90 days past due), then the city's 理赔 (loss split by the
 * product's risk shares), 支付代偿 (the union's share out of the fund), 追偿 and 核销.
 */
export function DefaultActions({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const run = useDefaultAction();
  const idem = useIdempotencyKey();
  const [open, setOpen] = useState<DefaultAction | null>(null);
  const risk = useLoanRisk(loan.id, riskStates.includes(loan.state));
  const claim = risk.data?.claim ?? null;

  const mayDefault = hasPermission(me, 'loan:default');
  const city = mayDefault && me.org.kind === 'city_federation';
  const bank = mayDefault && me.org.kind === 'bank';
  const tooEarly = loan.daysPastDue <= DEFAULT_AFTER_DAYS;
  const buttons: { action: DefaultAction; danger?: boolean; disabledReason?: string }[] = [];
  if (loan.state === 'repaying' && (city || bank) && loan.daysPastDue > 0) buttons.push({ action: 'default', danger: true, ...(tooEarly ? { disabledReason: t('loans.defaults.rule', { days: DEFAULT_AFTER_DAYS }) } : {}) });
  if (loan.state === 'defaulted' && city) buttons.push({ action: 'claim' });
  if (claim && city && !claim.unionSharePaid && claim.unionShareFen > 0) buttons.push({ action: 'claim/pay' });
  if (loan.state === 'claimed' && city) buttons.push({ action: 'recoveries' }, { action: 'write-off', danger: true });

  if (buttons.length === 0 && !claim) return null;

  const close = () => {
    idem.done();
    form.resetFields();
    setOpen(null);
  };

  const submit = (v: Values) => {
    if (!open) return;
    const date = (v.date ?? dayjs()).format('YYYY-MM-DD');
    const body: DefaultActionInput = { action: open };
    if (open === 'default') body.asOf = date;
    if (open === 'claim') body.claimedOn = date;
    if (open === 'claim/pay') {
      body.paidOn = date;
      body.paymentRef = v.paymentRef?.trim();
    }
    if (open === 'recoveries') {
      body.amountFen = yuanToFen(v.amount) ?? undefined;
      body.receivedOn = date;
    }
    if (v.comment?.trim()) body.comment = v.comment.trim();
    run.mutate(
      { id: loan.id, idempotencyKey: idem.key(), ...body },
      {
        onSuccess: () => {
          void message.success(t(`loans.defaults.done.${open}`));
          close();
        },
        onError: (err) => showError(err, form),
      },
    );
  };

  const dateLabel = open === 'default' ? t('loans.defaults.asOf') : open === 'claim' ? t('loans.defaults.claimedOn') : open === 'claim/pay' ? t('loans.defaults.paidOn') : t('loans.defaults.receivedOn');
  const money = (v: number) => <span className="tx-money">{yuan(v)}</span>;
  return (
    <Card size="small" className={buttons.length ? 'tx-action-card' : undefined} title={<Space><ExclamationCircleOutlined />{t('loans.defaults.title')}</Space>} data-testid="default-actions">
      {loan.state === 'repaying' && loan.daysPastDue > 0 && (
        <Alert
          type={tooEarly ? 'warning' : 'error'}
          showIcon
          title={t('loans.defaults.pastDue', { days: loan.daysPastDue, outstanding: yuan(loan.principalOutstandingFen) })}
          description={tooEarly ? t('loans.defaults.rule', { days: DEFAULT_AFTER_DAYS }) : undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      {claim && (
        <Descriptions
          size="small"
          bordered
          column={3}
          styles={{ label: { whiteSpace: 'nowrap' } }}
          style={{ marginBottom: buttons.length ? 12 : 0 }}
          items={[
            { key: 'loss', label: t('loans.defaults.loss'), children: money(claim.lossFen) },
            { key: 'union', label: t('loans.defaults.unionShare'), children: <Space size={6}>{money(claim.unionShareFen)}{claim.unionSharePaid ? <Tag color="success">{t('loans.defaults.paid')}</Tag> : <Tag color="gold">{t('loans.defaults.unpaid')}</Tag>}</Space> },
            { key: 'insurer', label: t('loans.defaults.insurerShare'), children: money(claim.insurerShareFen) },
            { key: 'bank', label: t('loans.defaults.bankShare'), children: money(claim.bankShareFen) },
            { key: 'guarantor', label: t('loans.defaults.guarantorShare'), children: money(claim.guarantorShareFen) },
            { key: 'recovered', label: t('loans.defaults.recovered'), children: <span>{money(claim.recoveredFen)} <span className="tx-muted">{t('loans.defaults.unionPart', { amount: yuan(claim.unionRecoveredFen) })}</span></span> },
            { key: 'written', label: t('loans.defaults.writtenOff'), children: money(claim.writtenOffFen) },
            { key: 'at', label: t('loans.defaults.claimedAt'), children: claim.claimedAt ? dayjs(claim.claimedAt).format('YYYY-MM-DD') : '—', span: 2 },
          ]}
          data-testid="claim-position"
        />
      )}
      {buttons.length > 0 && (
        <Space wrap>
          {buttons.map((b) => (
            <Tooltip key={b.action} title={b.disabledReason}>
              <Button danger={b.danger} disabled={!!b.disabledReason} onClick={() => setOpen(b.action)} data-testid={`default-${b.action.replace('/', '-')}`}>
                {t(`loans.defaults.${b.action}`)}
              </Button>
            </Tooltip>
          ))}
        </Space>
      )}
      <Modal
        open={open !== null}
        title={open ? t(`loans.defaults.${open}`) : ''}
        onCancel={close}
        onOk={() => form.submit()}
        okText={open ? t(`loans.defaults.${open}`) : ''}
        okButtonProps={{ danger: open === 'default' || open === 'write-off' }}
        confirmLoading={run.isPending}
        forceRender
      >
        <Form<Values> form={form} layout="vertical" requiredMark={false} onFinish={submit} initialValues={{ date: dayjs() }}>
          {open && <Alert type="warning" showIcon title={t(`loans.defaults.explain.${open}`)} style={{ marginBottom: 12 }} />}
          {open === 'recoveries' && (
            <Form.Item name="amount" label={t('loans.defaults.recoveredAmount')} rules={[yuanRule(t, t('loans.defaults.recoveredAmount'))]}>
              <YuanInput />
            </Form.Item>
          )}
          {open === 'claim/pay' && (
            <Form.Item name="paymentRef" label={t('loans.defaults.paymentRef')} rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('loans.defaults.paymentRef') }) }, { max: 60 }]}>
              <Input maxLength={60} />
            </Form.Item>
          )}
          {open !== 'write-off' && (
            <Form.Item name="date" label={dateLabel} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
            </Form.Item>
          )}
          <Form.Item
            name="comment"
            label={t('loans.defaults.comment')}
            rules={open === 'write-off' || open === 'default' ? [{ required: true, whitespace: true, message: t('loans.decision.reasonRequired') }, { max: 1000 }] : [{ max: 1000 }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
