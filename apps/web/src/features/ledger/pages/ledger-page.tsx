import '../../loans/loans.css';
import { DownloadOutlined, ReloadOutlined, RollbackOutlined } from '@ant-design/icons';
import type { Fund, LedgerTransaction } from '@tongxing/contracts';
import { App, Button, Card, Col, DatePicker, Empty, Form, Input, Modal, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { orDash } from '../../../shared/format';
import { useIdempotencyKey } from '../../../shared/idempotency';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { useProgrammes } from '../../loan-programmes/programmes-api';
import { yuan } from '../../loans/loan-format';
import { exportLedger, useFund, useLedger, useReverseTransaction, type LedgerParams } from '../ledger-api';

const ACCOUNTS = ['fund_cash', 'fund_capital', 'subsidies_payable', 'claims_payable', 'premium_subsidy_expense', 'interest_subsidy_expense', 'default_loss_expense', 'recovery_income'] as const;

/**
 * 专项资金账簿: a programme fund's figures (all from the ledger), its account balances and the journal —
 * every transaction with its balanced lines. Nothing posted changes; a correction is a reversing transaction.
 */
export function LedgerPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const programmes = useProgrammes();
  const [params, setParams] = useState<LedgerParams>({ page: 1, pageSize: 20 });
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [reversing, setReversing] = useState<LedgerTransaction | null>(null);
  const [exporting, setExporting] = useState(false);
  const showError = useApiError();
  // The first programme until the cadre picks another.
  const programmeId = params.programmeId ?? programmes.data?.items[0]?.id;
  const query = { ...params, programmeId };
  const ledger = useLedger(query, programmeId !== undefined);
  const fund = useFund(programmeId);
  const filter = (patch: Partial<LedgerParams>) => setParams((p) => ({ ...p, ...patch, page: 1 }));
  const canReverse = hasPermission(me, 'loan:configure');
  const programmeName = (programmes.data?.items ?? []).find((p) => p.id === programmeId)?.name ?? '';

  const columns: TableColumnsType<LedgerTransaction> = [
    {
      title: t('ledger.col.no'),
      dataIndex: 'id',
      width: 140,
      render: (id: number, tx) => (
        <div>
          <span className="tx-mono" style={{ whiteSpace: 'nowrap' }}>{t('ledger.no', { id })}</span>
          {tx.reversedById && (
            <div>
              <Tag color="default">{t('ledger.reversedBy', { id: tx.reversedById })}</Tag>
            </div>
          )}
          {tx.reversesId && (
            <div>
              <Tag color="red">{t('ledger.reverses', { id: tx.reversesId })}</Tag>
            </div>
          )}
        </div>
      ),
    },
    { title: t('ledger.col.postedOn'), dataIndex: 'postedOn', width: 100, render: (d: string) => <span className="tx-mono">{d}</span> },
    { title: t('ledger.col.kind'), dataIndex: 'kind', width: 90, render: (k: string) => t(`ledger.kinds.${k}`, { defaultValue: k }) },
    {
      title: t('ledger.col.memo'),
      key: 'memo',
      width: 200,
      render: (_v, tx) => (
        <div>
          {tx.loanId && tx.loanReference ? <Link to={`/loans/${tx.loanId}`}>{tx.loanReference}</Link> : null}
          {tx.batchId ? <div className="tx-muted tx-cell-sub">{t('ledger.batch', { id: tx.batchId })}</div> : null}
          <div className="tx-cell-sub">{orDash(tx.memo)}</div>
        </div>
      ),
    },
    {
      title: t('ledger.col.account'),
      key: 'account',
      width: 180,
      render: (_v, tx) => (
        <div className="tx-ledger-lines">
          {tx.entries.map((e, i) => (
            <div key={i} style={{ paddingLeft: e.creditFen > 0 ? 16 : 0 }}>
              {e.accountName}
            </div>
          ))}
        </div>
      ),
    },
    {
      title: t('ledger.col.debit'),
      key: 'debit',
      width: 130,
      align: 'right',
      render: (_v, tx) => tx.entries.map((e, i) => <div key={i} className="tx-money">{e.debitFen > 0 ? yuan(e.debitFen) : ' '}</div>),
    },
    {
      title: t('ledger.col.credit'),
      key: 'credit',
      width: 130,
      align: 'right',
      render: (_v, tx) => tx.entries.map((e, i) => <div key={i} className="tx-money">{e.creditFen > 0 ? yuan(e.creditFen) : ' '}</div>),
    },
    { title: t('ledger.col.postedBy'), dataIndex: 'postedByName', width: 100, render: (v: string | null) => orDash(v) },
    ...(canReverse
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            fixed: 'right' as const,
            render: (_v: unknown, tx: LedgerTransaction) =>
              tx.reversible ? (
                <Button size="small" icon={<RollbackOutlined />} onClick={() => setReversing(tx)} data-testid="ledger-reverse">
                  {t('ledger.reverse')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  const runExport = async () => {
    if (!programmeId) return;
    setExporting(true);
    try {
      await exportLedger(programmeId, `${programmeName}${t('ledger.exportName')}`);
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <div className="tx-page-title">
        <div>
          <h2>{t('ledger.title')}</h2>
          <Typography.Text type="secondary">{t('ledger.subtitle')}</Typography.Text>
        </div>
        <Button icon={<DownloadOutlined />} onClick={() => void runExport()} loading={exporting} disabled={!programmeId} data-testid="ledger-export">
          {t('ledger.export')}
        </Button>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Select<number>
            value={programmeId}
            onChange={(programmeId) => filter({ programmeId })}
            placeholder={t('ledger.chooseProgramme')}
            style={{ width: 220 }}
            loading={programmes.isLoading}
            options={(programmes.data?.items ?? []).map((p) => ({ value: p.id, label: i18n.language === 'en' ? (p.nameEn ?? p.name) : p.name }))}
            data-testid="ledger-programme"
          />
          <Select<string | undefined>
            value={params.account}
            onChange={(account) => filter({ account })}
            allowClear
            placeholder={t('ledger.allAccounts')}
            style={{ width: 200 }}
            options={(fund.data?.accounts ?? []).map((a) => ({ value: a.account, label: a.name }))}
          />
          <DatePicker.RangePicker
            value={range}
            placeholder={t('ledger.dateRange', { returnObjects: true }) as [string, string]}
            onChange={(v) => {
              setRange(v);
              filter({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') });
            }}
          />
          <Button icon={<ReloadOutlined />} onClick={() => void Promise.all([ledger.refetch(), fund.refetch()])} title={t('common.refresh')} />
        </Space>
      </Card>
      {programmeId === undefined && !programmes.isLoading ? (
        <Card>
          <Empty description={t('ledger.none')} />
        </Card>
      ) : (
        <>
          <FundFigures fund={fund.data} />
          <Card size="small">
            <Table<LedgerTransaction>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={ledger.data?.items ?? []}
              loading={ledger.isFetching}
              // Fits the content width of a 1440-wide screen with the side menu open; narrower screens scroll.
              scroll={{ x: 1160 }}
              locale={{ emptyText: t('ledger.none') }}
              pagination={{
                current: params.page,
                pageSize: params.pageSize,
                total: ledger.data?.total ?? 0,
                showTotal: (total) => t('common.total', { total }),
                onChange: (page, pageSize) => setParams((p) => ({ ...p, page: pageSize === p.pageSize ? page : 1, pageSize })),
              }}
              data-testid="ledger-table"
            />
          </Card>
        </>
      )}
      <ReverseModal tx={reversing} onClose={() => setReversing(null)} />
    </>
  );
}

function FundFigures({ fund }: { fund: Fund | undefined }) {
  const { t } = useTranslation();
  const figures: [string, string][] = [
    ['capital', yuan(fund?.fundFen)],
    ['balance', yuan(fund?.balanceFen)],
    ['committed', yuan(fund?.committedFen)],
    ['paid', yuan(fund?.paidFen)],
    ['recovered', yuan(fund?.recoveredFen)],
    ['lent', yuan(fund?.lentFen)],
    ['outstanding', yuan(fund?.outstandingFen)],
    ['leverage', fund?.leverage != null ? `${fund.leverage.toFixed(2)}×` : '—'],
  ];
  const balances = (fund?.accounts ?? []).filter((a) => ACCOUNTS.includes(a.account));
  return (
    <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
      <Col xs={24} xl={14}>
        <Card size="small" style={{ height: '100%' }} data-testid="ledger-fund">
          <Row gutter={[12, 12]}>
            {figures.map(([key, value]) => (
              <Col key={key} xs={12} md={6}>
                <Statistic title={t(`ledger.fund.${key}`)} value={value} valueStyle={{ fontSize: 18 }} />
              </Col>
            ))}
          </Row>
          {fund && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('ledger.fund.subsidiesPaid')} {yuan(fund.subsidiesPaidFen)}；{t('ledger.fund.claimsPaid')} {yuan(fund.claimsPaidFen)}
            </Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card size="small" title={t('ledger.trialBalance')} style={{ height: '100%' }}>
          <Table
            rowKey="account"
            size="small"
            pagination={false}
            dataSource={balances}
            columns={[
              { title: t('ledger.account'), dataIndex: 'name' },
              { title: t('ledger.balance'), dataIndex: 'balanceFen', align: 'right', render: (v: number) => <span className="tx-money">{yuan(v)}</span> },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}

function ReverseModal({ tx, onClose }: { tx: LedgerTransaction | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const reverse = useReverseTransaction();
  const idem = useIdempotencyKey();
  const [form] = Form.useForm<{ reason: string }>();
  const close = () => {
    idem.done();
    form.resetFields();
    onClose();
  };
  const submit = async () => {
    if (!tx) return;
    const v = await form.validateFields();
    try {
      await reverse.mutateAsync({ id: tx.id, reason: v.reason, idempotencyKey: idem.key() });
      void message.success(t('ledger.reversed'));
      close();
    } catch (e) {
      showError(e, form);
    }
  };
  return (
    <Modal open={!!tx} title={tx ? t('ledger.reverseTitle', { id: tx.id }) : ''} onCancel={close} onOk={() => void submit()} confirmLoading={reverse.isPending} okButtonProps={{ danger: true }} okText={t('ledger.reverse')} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('ledger.reverseText')}</Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('ledger.reason')} rules={[{ required: true, min: 2, whitespace: true, message: t('ledger.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={300} showCount data-testid="ledger-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
