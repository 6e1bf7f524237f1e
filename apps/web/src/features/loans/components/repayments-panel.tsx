import { CloudUploadOutlined, PlusOutlined } from '@ant-design/icons';
import type { Loan, Repayment } from '@tongxing/contracts';
import { App, Button, Col, DatePicker, Form, Input, Modal, Row, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { yuan, yuanToFen } from '../loan-format';
import { useLoanRepayments, useRecordRepayment } from '../loans-api';
import { YuanInput, yuanRule } from './money-input';

interface Values {
  amount: string;
  paidOn: Dayjs;
  bankTxnRef?: string;
}

/** 登记还款: the bank enters one payment; it is allocated interest first, then principal, oldest period first. */
function RepaymentModal({ loan, open, maxFen, onClose }: { loan: Loan; open: boolean; maxFen: number | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const repay = useRecordRepayment();
  const idem = useIdempotencyKey();

  const close = () => {
    idem.done();
    form.resetFields();
    onClose();
  };

  const submit = (v: Values) => {
    const amountFen = yuanToFen(v.amount);
    if (amountFen === null) return;
    repay.mutate(
      { id: loan.id, idempotencyKey: idem.key(), amountFen, paidOn: v.paidOn.format('YYYY-MM-DD'), ...(v.bankTxnRef?.trim() ? { bankTxnRef: v.bankTxnRef.trim() } : {}) },
      {
        onSuccess: (r) => {
          void message.success(
            r.state === 'settled' ? t('loans.repayments.settled') : t('loans.repayments.recorded', { outstanding: yuan(r.principalOutstandingFen), next: r.nextDueOn ?? '—' }),
          );
          close();
        },
        onError: (err) => showError(err, form),
      },
    );
  };

  return (
    <Modal
      open={open}
      title={t('loans.repayments.recordTitle', { reference: loan.reference })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('loans.repayments.record')}
      confirmLoading={repay.isPending}
      forceRender
      destroyOnHidden={false}
      okButtonProps={{ 'data-testid': 'repayment-submit' }}
    >
      <Form<Values> form={form} layout="vertical" requiredMark={false} initialValues={{ paidOn: dayjs() }} onFinish={submit}>
        <div className="tx-muted" style={{ marginBottom: 12 }}>
          {t('loans.repayments.outstandingNow', { amount: yuan(loan.principalOutstandingFen) })}
          {maxFen !== undefined && <div>{t('loans.repayments.maxToday', { amount: yuan(maxFen) })}</div>}
        </div>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="amount" label={t('loans.repayments.amount')} rules={[yuanRule(t, t('loans.repayments.amount'), maxFen ? { maxFen } : {})]}>
              <YuanInput data-testid="repayment-amount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="paidOn" label={t('loans.repayments.paidOn')} rules={[{ required: true, message: t('common.selectRequired', { field: t('loans.repayments.paidOn') }) }]}>
              <DatePicker style={{ width: '100%' }} disabledDate={(day) => day.isAfter(dayjs(), 'day') || (loan.disbursedOn ? day.isBefore(dayjs(loan.disbursedOn), 'day') : false)} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="bankTxnRef" label={t('loans.repayments.bankTxnRef')} extra={t('loans.repayments.bankTxnRefHint')} rules={[{ max: 60 }]}>
          <Input maxLength={60} data-testid="repayment-ref" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The periods a payment went to: "1–3" or "4". */
function periodsText(r: Repayment): string {
  const ks = r.allocations.map((a) => a.k).sort((a, b) => a - b);
  if (ks.length === 0) return '—';
  return ks.length === 1 ? String(ks[0]) : `${ks[0]}–${ks[ks.length - 1]}`;
}

export function RepaymentsPanel({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { data, isLoading } = useLoanRepayments(loan.id, true);
  const canRepay = hasPermission(me, 'loan:repay') && loan.state === 'repaying';

  const sourceColor: Record<Repayment['source'], string> = { manual: 'blue', import: 'purple', api: 'cyan' };
  const columns: TableColumnsType<Repayment> = [
    { title: t('loans.repayments.paidOn'), dataIndex: 'paidOn', width: 110, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('loans.repayments.amount'), dataIndex: 'amountFen', width: 130, align: 'right', render: (v: number) => <span className="tx-money">{yuan(v)}</span> },
    { title: t('loans.repayments.toInterest'), key: 'interest', width: 110, align: 'right', render: (_v, r) => <span className="tx-money">{yuan(r.allocations.reduce((s, a) => s + a.interestFen, 0))}</span> },
    { title: t('loans.repayments.toPrincipal'), key: 'principal', width: 120, align: 'right', render: (_v, r) => <span className="tx-money">{yuan(r.allocations.reduce((s, a) => s + a.principalFen, 0))}</span> },
    { title: t('loans.repayments.periods'), key: 'periods', width: 90, align: 'center', render: (_v, r) => periodsText(r) },
    { title: t('loans.repayments.bankTxnRef'), dataIndex: 'bankTxnRef', width: 160, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    { title: t('loans.repayments.source'), dataIndex: 'source', width: 90, render: (s: Repayment['source']) => <Tag color={sourceColor[s]}>{t(`loans.repayments.sources.${s}`)}</Tag> },
    {
      title: t('loans.repayments.recordedBy'),
      key: 'by',
      width: 130,
      render: (_v, r) => (
        <div style={{ whiteSpace: 'nowrap' }}>
          {orDash(r.recordedByName)}
          {r.recordedAt && <div className="tx-muted tx-cell-sub">{formatDateTimeShort(r.recordedAt)}</div>}
        </div>
      ),
    },
  ];

  return (
    <>
      {canRepay && (
        <Space style={{ marginBottom: 8 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="repayment-open">
            {t('loans.repayments.record')}
          </Button>
          <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/loans/repayment-import')}>
            {t('loans.import.title')}
          </Button>
        </Space>
      )}
      <Table<Repayment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={isLoading}
        // The loan page's left column is narrower than the columns: scroll sideways rather than wrap dates.
        scroll={{ x: 1000 }}
        pagination={(data?.items.length ?? 0) > 12 ? { pageSize: 12, showSizeChanger: false } : false}
        locale={{ emptyText: t('loans.repayments.none') }}
        data-testid="repayments-table"
      />
      <RepaymentModal loan={loan} open={open} maxFen={data?.maxPayableTodayFen} onClose={() => setOpen(false)} />
    </>
  );
}
