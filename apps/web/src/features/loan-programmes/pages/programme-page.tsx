import '../../loans/loans.css';
import '../programmes.css';
import { ArrowLeftOutlined, EditOutlined, PlusOutlined, WalletOutlined } from '@ant-design/icons';
import type { Product } from '@tongxing/contracts';
import { Button, Card, Descriptions, Result, Skeleton, Space, Statistic, Table, Tabs, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ProblemError } from '../../../shared/api-client';
import { formatNumber, orDash } from '../../../shared/format';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { useFund } from '../../ledger/ledger-api';
import { ratePct, sharePct, yuan } from '../../loans/loan-format';
import { stepLabel } from '../../loans/loan-labels';
import { FundContributionModal } from '../components/fund-contribution-modal';
import { ProductFormDrawer, type ProductFormTarget } from '../components/product-form-drawer';
import { ProgrammeFormDrawer, type ProgrammeFormTarget } from '../components/programme-form-drawer';
import { TargetsEditor } from '../components/targets-editor';
import { useProgramme } from '../programmes-api';

/** One programme: its fund, products (limits, rates, rules, pipeline), targets per district and partners. */
export function ProgrammePage() {
  const { t, i18n } = useTranslation();
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { data: programme, error, isPending } = useProgramme(Number.isInteger(id) ? id : 0);
  const fund = useFund(programme?.id);
  const [productTarget, setProductTarget] = useState<ProductFormTarget | null>(null);
  const [programmeTarget, setProgrammeTarget] = useState<ProgrammeFormTarget | null>(null);
  const [contributing, setContributing] = useState(false);
  const canConfigure = hasPermission(me, 'loan:configure');
  const lang = i18n.language;
  const n = (v: number) => formatNumber(v, lang);

  if (!Number.isInteger(id) || id <= 0 || (error instanceof ProblemError && error.status === 404)) {
    return <Result status="404" title={t('loanProgrammes.notFound')} extra={<Button onClick={() => void navigate('/loan-programmes')}>{t('loanProgrammes.back')}</Button>} />;
  }
  if (isPending || !programme) return <Card size="small"><Skeleton active paragraph={{ rows: 8 }} /></Card>;

  const columns: TableColumnsType<Product> = [
    {
      title: t('loanProgrammes.product.name'),
      dataIndex: 'name',
      width: 170,
      fixed: 'left',
      render: (name: string, p) => (
        <div>
          {lang === 'en' ? (p.nameEn ?? name) : name}
          <div className="tx-muted tx-cell-sub">
            <span className="tx-mono">{p.code}</span> · {t(`loans.borrowerTypes.${p.borrowerType}`)}
          </div>
        </div>
      ),
    },
    { title: t('loanProgrammes.product.amountRange'), key: 'amount', width: 190, render: (_v, p) => <span className="tx-money">{yuan(p.minAmountFen)} ~ {yuan(p.maxAmountFen)}</span> },
    { title: t('loanProgrammes.product.termRange'), key: 'term', width: 100, render: (_v, p) => `${p.minTermMonths} ~ ${p.maxTermMonths} ${t('loans.monthsUnit')}` },
    {
      title: t('loans.rate'),
      key: 'rate',
      width: 140,
      render: (_v, p) => (
        <div>
          {ratePct(p.currentRateBps)}
          <div className="tx-muted tx-cell-sub">{p.rateKind === 'fixed' ? t('loanProgrammes.product.fixed') : t('loanProgrammes.product.lprPlus', { spread: p.spreadBps ?? 0 })}</div>
        </div>
      ),
    },
    { title: t('loans.method'), dataIndex: 'repaymentMethod', width: 120, render: (m: string) => t(`loans.methods.${m}`) },
    {
      title: t('loanProgrammes.product.subsidy'),
      key: 'subsidy',
      width: 170,
      render: (_v, p) => (
        <div>
          <div>{t('loanProgrammes.product.premiumShort', { pct: sharePct(p.subsidy.premiumBps) })}</div>
          <div className="tx-muted tx-cell-sub">
            {p.subsidy.borrowerRateCapBps !== null ? t('loanProgrammes.product.capShort', { pct: ratePct(p.subsidy.borrowerRateCapBps) }) : t('loanProgrammes.product.noInterestSubsidy')}
          </div>
        </div>
      ),
    },
    {
      title: t('loanProgrammes.product.modelWorker'),
      key: 'mw',
      width: 150,
      render: (_v, p) => (
        // One line each (the cap, then priority): joined on one line they ran into the next column.
        <div style={{ fontSize: 13 }}>
          {p.modelWorker.maxAmountFen ? <div>{t('loanProgrammes.product.mwCap', { amount: yuan(p.modelWorker.maxAmountFen) })}</div> : null}
          {p.modelWorker.priority ? <div className="tx-muted">{t('loanProgrammes.product.mwFirst')}</div> : null}
          {!p.modelWorker.maxAmountFen && !p.modelWorker.priority && '—'}
        </div>
      ),
    },
    {
      title: t('loanProgrammes.product.riskShares'),
      key: 'shares',
      width: 200,
      render: (_v, p) => (
        <span className="tx-muted" style={{ fontSize: 12 }}>
          {(['union', 'insurer', 'bank', 'guarantor'] as const)
            .filter((k) => p.riskShares[k] > 0)
            .map((k) => `${t(`loanProgrammes.product.party.${k}`)} ${sharePct(p.riskShares[k])}`)
            .join(' / ')}
        </span>
      ),
    },
    {
      title: t('loanProgrammes.product.pipeline'),
      key: 'pipeline',
      width: 320,
      render: (_v, p) => (
        <Tooltip title={p.pipeline.map((s) => `${stepLabel(s, lang)}（${t('loanProgrammes.pipeline.slaShort', { days: s.slaDays })}）`).join(' → ')}>
          <span className="tx-pipeline-line">{p.pipeline.map((s) => stepLabel(s, lang)).join(' → ')}</span>
        </Tooltip>
      ),
    },
    { title: t('common.status'), dataIndex: 'status', width: 80, render: (s: string) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`loanProgrammes.status.${s}`)}</Tag> },
    ...(canConfigure
      ? [
          {
            title: t('common.actions'),
            key: 'edit',
            width: 80,
            fixed: 'right' as const,
            render: (_v: unknown, p: Product) => (
              <Button type="link" size="small" onClick={() => setProductTarget({ mode: 'edit', product: p })} data-testid="product-edit">
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const f = fund.data;
  return (
    <>
      <div className="tx-page-title">
        <Space size={8}>
          <Button type="text" size="small" icon={<ArrowLeftOutlined />} onClick={() => void navigate('/loan-programmes')} title={t('loanProgrammes.back')} />
          <h2>{lang === 'en' ? (programme.nameEn ?? programme.name) : programme.name}</h2>
          <Tag color={programme.status === 'active' ? 'success' : 'default'}>{t(`loanProgrammes.status.${programme.status}`)}</Tag>
        </Space>
        {canConfigure && (
          <Space>
            <Button icon={<WalletOutlined />} onClick={() => setContributing(true)} data-testid="programme-contribute">
              {t('loanProgrammes.fund.ok')}
            </Button>
            <Button icon={<EditOutlined />} onClick={() => setProgrammeTarget({ mode: 'edit', programme })}>
              {t('loanProgrammes.edit')}
            </Button>
          </Space>
        )}
      </div>
      <Card size="small" style={{ marginBottom: 12 }}>
        <div className="tx-loan-amounts">
          <Statistic title={t('loanProgrammes.fund.label')} value={yuan(f?.fundFen ?? programme.fundFen)} />
          <Statistic title={t('ledger.fund.balance')} value={f ? yuan(f.balanceFen) : '—'} />
          <Statistic title={t('ledger.fund.lent')} value={f ? yuan(f.lentFen) : '—'} />
          <Statistic title={t('ledger.fund.leverage')} value={f?.leverage != null ? `${f.leverage.toFixed(2)}×` : '—'} />
          <Statistic title={t('loanProgrammes.targetLending')} value={yuan(programme.targetLendingFen)} />
        </div>
        <Descriptions
          size="small"
          column={3}
          items={[
            { key: 'code', label: t('loanProgrammes.code'), children: <span className="tx-mono">{programme.code}</span> },
            { key: 'period', label: t('loanProgrammes.period'), children: <span className="tx-mono">{programme.startsOn || programme.endsOn ? `${programme.startsOn ?? ''} ~ ${programme.endsOn ?? ''}` : '—'}</span> },
            { key: 'targets', label: t('loanProgrammes.targetsShort'), children: t('loanProgrammes.targetsLine', { enterprises: n(programme.targetEnterprises), entrepreneurs: n(programme.targetEntrepreneurs), jobs: n(programme.targetJobs) }) },
            { key: 'partners', label: t('loanProgrammes.partners'), span: 3, children: programme.partners.length ? programme.partners.map((p) => <Tag key={p.orgId}>{`${t(`loans.party.${p.role}`)}：${p.name}`}</Tag>) : '—' },
            { key: 'desc', label: t('loanProgrammes.description'), span: 3, children: orDash(programme.description) },
          ]}
        />
      </Card>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          items={[
            {
              key: 'products',
              label: `${t('loanProgrammes.products')} (${programme.products.length})`,
              children: (
                <>
                  {canConfigure && (
                    <Button icon={<PlusOutlined />} style={{ marginBottom: 8 }} onClick={() => setProductTarget({ mode: 'create', programmeId: programme.id })} data-testid="product-create">
                      {t('loanProgrammes.product.create')}
                    </Button>
                  )}
                  <Table<Product> rowKey="id" size="small" columns={columns} dataSource={programme.products} pagination={false} scroll={{ x: 1700 }} data-testid="products-table" />
                </>
              ),
            },
            { key: 'targets', label: t('loanProgrammes.tabs.targets'), children: <TargetsEditor key={programme.version} programme={programme} canEdit={canConfigure} /> },
          ]}
        />
      </Card>
      <ProductFormDrawer target={productTarget} onClose={() => setProductTarget(null)} />
      <ProgrammeFormDrawer target={programmeTarget} onClose={() => setProgrammeTarget(null)} />
      <FundContributionModal programme={programme} open={contributing} onClose={() => setContributing(false)} />
    </>
  );
}
