import '../../loans/loans.css';
import '../programmes.css';
import { PlusOutlined } from '@ant-design/icons';
import type { Programme } from '@tongxing/contracts';
import { Button, Card, Space, Table, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { formatNumber } from '../../../shared/format';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { yuan } from '../../loans/loan-format';
import { ApprovalLimitsTab } from '../components/approval-limits-tab';
import { ProgrammeFormDrawer, type ProgrammeFormTarget } from '../components/programme-form-drawer';
import { ReferenceRatesTab } from '../components/reference-rates-tab';
import { useProgrammes } from '../programmes-api';

const roleColors: Record<string, string> = { bank: 'blue', insurer: 'green', guarantor: 'purple' };

/** 项目与产品: the programmes (fund, 33113-style targets, partners, products), approval limits, reference rates. */
export function ProgrammesPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const { data, isLoading } = useProgrammes();
  const [formTarget, setFormTarget] = useState<ProgrammeFormTarget | null>(null);
  const canConfigure = hasPermission(me, 'loan:configure');
  const en = i18n.language === 'en';
  const n = (v: number) => formatNumber(v, i18n.language);
  const tab = search.get('tab') ?? 'programmes';

  const columns: TableColumnsType<Programme> = [
    {
      title: t('loanProgrammes.name'),
      dataIndex: 'name',
      width: 150,
      render: (name: string, p) => (
        <div>
          <Link to={`/loan-programmes/${p.id}`} data-testid="programme-link">
            {en ? (p.nameEn ?? name) : name}
          </Link>
          <div className="tx-muted tx-cell-sub tx-mono">{p.code}</div>
        </div>
      ),
    },
    { title: t('loanProgrammes.fund.label'), dataIndex: 'fundFen', width: 150, align: 'right', render: (v: number) => <span className="tx-money">{yuan(v)}</span> },
    { title: t('loanProgrammes.targetLending'), dataIndex: 'targetLendingFen', width: 160, align: 'right', render: (v: number) => <span className="tx-money">{yuan(v)}</span> },
    {
      title: t('loanProgrammes.targetsShort'),
      key: 'targets',
      width: 220,
      render: (_v, p) => (
        <span className="tx-muted">
          {t('loanProgrammes.targetsLine', { enterprises: n(p.targetEnterprises), entrepreneurs: n(p.targetEntrepreneurs), jobs: n(p.targetJobs) })}
        </span>
      ),
    },
    {
      title: t('loanProgrammes.partners'),
      dataIndex: 'partners',
      render: (list: Programme['partners']) => (
        <Space size={[4, 4]} wrap>
          {list.map((x) => (
            <Tag key={x.orgId} color={roleColors[x.role]} style={{ marginInlineEnd: 0 }}>
              {x.name}
            </Tag>
          ))}
        </Space>
      ),
    },
    { title: t('loanProgrammes.products'), key: 'products', width: 90, align: 'center', render: (_v, p) => p.products.filter((x) => x.status === 'active').length },
    { title: t('loanProgrammes.period'), key: 'period', width: 210, render: (_v, p) => <span className="tx-mono" style={{ whiteSpace: 'nowrap' }}>{p.startsOn || p.endsOn ? `${p.startsOn ?? ''} ~ ${p.endsOn ?? ''}` : '—'}</span> },
    { title: t('common.status'), dataIndex: 'status', width: 90, fixed: 'right', render: (s: string) => <Tag color={s === 'active' ? 'success' : 'default'}>{t(`loanProgrammes.status.${s}`)}</Tag> },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('loanProgrammes.title')}</h2>
        {canConfigure && tab === 'programmes' && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create' })} data-testid="programme-create">
            {t('loanProgrammes.create')}
          </Button>
        )}
      </div>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch(key === 'programmes' ? {} : { tab: key }, { replace: true })}
          items={[
            {
              key: 'programmes',
              label: t('loanProgrammes.tabs.programmes'),
              children: (
                <Table<Programme>
                  rowKey="id"
                  size="small"
                  columns={columns}
                  dataSource={data?.items ?? []}
                  loading={isLoading}
                  pagination={false}
                  scroll={{ x: 1200 }}
                  onRow={(p) => ({ onDoubleClick: () => void navigate(`/loan-programmes/${p.id}`) })}
                  data-testid="programmes-table"
                />
              ),
            },
            { key: 'limits', label: t('loanProgrammes.tabs.limits'), children: <ApprovalLimitsTab canEdit={canConfigure} /> },
            { key: 'rates', label: t('loanProgrammes.tabs.rates'), children: <ReferenceRatesTab canEdit={canConfigure} /> },
          ]}
        />
      </Card>
      <ProgrammeFormDrawer target={formTarget} onClose={() => setFormTarget(null)} onCreated={(p) => void navigate(`/loan-programmes/${p.id}`)} />
    </>
  );
}
