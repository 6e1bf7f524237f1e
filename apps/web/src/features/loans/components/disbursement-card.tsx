import { BankOutlined, CheckCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import type { Loan } from '@tongxing/contracts';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Row, Space, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { orDash } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { fenToYuanText, yuan, yuanToFen } from '../loan-format';
import { useConfirmDisbursement, useRecordDisbursement } from '../loans-api';
import { YuanInput, yuanRule } from './money-input';

interface Values {
  amount: string;
  disbursedOn: Dayjs;
  bankTxnRef?: string;
}

/**
 * 放款 in two hands: one bank officer records the amount, date and bank reference (maker); a different
 * officer confirms it (checker), which starts the schedule. Both names stay on the loan.
 */
export function DisbursementCard({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { modal, message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const record = useRecordDisbursement();
  const confirm = useConfirmDisbursement();
  const recordKey = useIdempotencyKey();
  const confirmKey = useIdempotencyKey();
  const canDisburse = hasPermission(me, 'loan:disburse');
  const d = loan.disbursement && loan.disbursement.status !== 'cancelled' ? loan.disbursement : null;
  const approvedFen = loan.approvedAmountFen ?? loan.amountRequestedFen;

  if (!d && !loan.actions.includes('record_disbursement')) {
    if (loan.state !== 'approved') return null;
    return (
      <Card size="small" title={<Space><BankOutlined />{t('loans.disbursement.title')}</Space>}>
        <Alert type="info" showIcon title={t('loans.disbursement.waitingBank', { bank: loan.bankName ?? t('loans.bank') })} />
      </Card>
    );
  }

  const submitRecord = (v: Values) => {
    const amountFen = yuanToFen(v.amount);
    if (amountFen === null) return;
    const body = { amountFen, disbursedOn: v.disbursedOn.format('YYYY-MM-DD'), ...(v.bankTxnRef?.trim() ? { bankTxnRef: v.bankTxnRef.trim() } : {}) };
    record.mutate(
      { id: loan.id, idempotencyKey: recordKey.key(), ...body },
      {
        onSuccess: () => {
          recordKey.done();
          void message.success(t('loans.disbursement.recorded'));
        },
        onError: (err) => showError(err, form),
      },
    );
  };

  const runConfirm = () =>
    d &&
    modal.confirm({
      title: t('loans.disbursement.confirmTitle'),
      content: t('loans.disbursement.confirmText', { amount: yuan(d.amountFen), date: d.disbursedOn, maker: d.recordedByName ?? '—' }),
      okText: t('loans.disbursement.confirm'),
      onOk: () =>
        new Promise<void>((resolve) => {
          confirm.mutate(
            { id: loan.id, idempotencyKey: confirmKey.key() },
            {
              onSuccess: () => {
                confirmKey.done();
                void message.success(t('loans.disbursement.confirmed'));
                resolve();
              },
              onError: (err) => {
                showError(err);
                resolve();
              },
            },
          );
        }),
    });

  if (!d) {
    return (
      <Card size="small" className="tx-action-card" title={<Space><BankOutlined />{t('loans.disbursement.recordTitle')}</Space>} data-testid="disbursement-form">
        <Form<Values>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{ amount: fenToYuanText(approvedFen), disbursedOn: dayjs() }}
          onFinish={submitRecord}
        >
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="amount" label={t('loans.disbursement.amount')} rules={[yuanRule(t, t('loans.disbursement.amount'), { maxFen: approvedFen })]} extra={t('loans.disbursement.approved', { amount: yuan(approvedFen) })}>
                <YuanInput data-testid="disbursement-amount" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="disbursedOn" label={t('loans.disbursement.date')} rules={[{ required: true, message: t('common.selectRequired', { field: t('loans.disbursement.date') }) }]}>
                <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day')} data-testid="disbursement-date" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="bankTxnRef" label={t('loans.disbursement.bankTxnRef')} rules={[{ max: 60 }]}>
                <Input maxLength={60} data-testid="disbursement-ref" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" loading={record.isPending} data-testid="disbursement-record">
              {t('loans.disbursement.record')}
            </Button>
            <span className="tx-muted">{t('loans.disbursement.makerHint')}</span>
          </Space>
        </Form>
      </Card>
    );
  }

  const recorded = d.status === 'recorded';
  // The server says who may confirm (not the maker, only the loan's bank); the button follows it.
  const mayConfirm = recorded && loan.actions.includes('confirm_disbursement');
  return (
    <Card
      size="small"
      className={recorded && canDisburse ? 'tx-action-card' : undefined}
      title={<Space><BankOutlined />{t('loans.disbursement.title')}</Space>}
      extra={recorded ? <Tag color="gold">{t('loans.disbursement.awaiting')}</Tag> : <Tag color="success" icon={<CheckCircleOutlined />}>{t('loans.disbursement.done')}</Tag>}
      data-testid="disbursement-card"
    >
      <Descriptions
        size="small"
        column={3}
        items={[
          { key: 'amount', label: t('loans.disbursement.amount'), children: <span className="tx-money">{yuan(d.amountFen)}</span> },
          { key: 'date', label: t('loans.disbursement.date'), children: <span className="tx-mono">{d.disbursedOn}</span> },
          { key: 'ref', label: t('loans.disbursement.bankTxnRef'), children: <span className="tx-mono">{orDash(d.bankTxnRef)}</span> },
          { key: 'maker', label: t('loans.disbursement.maker'), children: <span data-testid="disbursement-maker">{orDash(d.recordedByName)}</span> },
          { key: 'checker', label: t('loans.disbursement.checker'), children: <span data-testid="disbursement-checker">{recorded ? <span className="tx-muted">{t('loans.disbursement.notYet')}</span> : orDash(d.confirmedByName)}</span> },
        ]}
      />
      {recorded && canDisburse && (
        <Space style={{ marginTop: 8 }}>
          <Tooltip title={mayConfirm ? undefined : t('loans.disbursement.otherOfficer')}>
            <Button type="primary" icon={<SafetyCertificateOutlined />} disabled={!mayConfirm} loading={confirm.isPending} onClick={runConfirm} data-testid="disbursement-confirm">
              {t('loans.disbursement.confirm')}
            </Button>
          </Tooltip>
          <span className="tx-muted">{t('loans.disbursement.checkerHint')}</span>
        </Space>
      )}
    </Card>
  );
}
