import { CloudUploadOutlined, FileAddOutlined } from '@ant-design/icons';
import type { CardListItem } from '@tongxing/contracts';
import type { CardState } from '@tongxing/domain';
import { Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatNumber, orDash } from '../../../shared/format';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { CardStateTag } from '../card-labels';
import { CardDrawer, CardStateSelect } from '../components/card-drawer';
import { useCards, type CardListParams } from '../cards-api';

const channels = ['bulk', 'portal', 'street', 'bank'] as const;

/** 服务卡台账: the cards in my scope (a bank: those routed to it), numbers masked, each with its history. */
export function CardsPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useState<CardListParams>({ page: 1, pageSize: 20 });
  const [openId, setOpenId] = useState<number | null>(null);
  const { data, isFetching } = useCards(params);
  const update = (patch: Partial<CardListParams>) => setParams((p) => ({ ...p, page: 1, ...patch }));
  const n = (v: number) => formatNumber(v, i18n.language);

  const columns: TableColumnsType<CardListItem> = [
    {
      title: t('cards.col.member'),
      key: 'member',
      width: 150,
      fixed: 'left',
      render: (_v, c) => (
        <div>
          <Typography.Link onClick={() => setOpenId(c.id)} data-testid="card-open">
            {c.memberName}
          </Typography.Link>
          <div className="tx-muted tx-mono" style={{ fontSize: 12 }}>
            {c.idNumberMasked}
          </div>
        </div>
      ),
    },
    { title: t('cards.col.org'), dataIndex: 'orgName', width: 200, ellipsis: true },
    { title: t('cards.col.number'), dataIndex: 'numberMasked', width: 170, render: (v: string | null) => <span className="tx-mono">{orDash(v)}</span> },
    { title: t('cards.col.state'), dataIndex: 'state', width: 90, render: (s: CardState) => <CardStateTag state={s} /> },
    { title: t('cards.col.channel'), dataIndex: 'channel', width: 90, render: (c: string) => t(`cards.channel.${c}`) },
    { title: t('cards.col.bank'), dataIndex: 'bankName', width: 170, ellipsis: true },
    { title: t('cards.col.applied'), dataIndex: 'appliedAt', width: 100, render: (v: string | null) => (v ? v.slice(0, 10) : '—') },
    { title: t('cards.col.issued'), dataIndex: 'issuedOn', width: 100, render: orDash },
    { title: t('cards.col.activated'), dataIndex: 'activatedOn', width: 100, render: orDash },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('cards.list.title')}</h2>
        <Space>
          {hasPermission(me, 'card:apply') && (
            <Button icon={<FileAddOutlined />} onClick={() => void navigate('/card-batches')}>
              {t('cards.batches.title')}
            </Button>
          )}
          {hasPermission(me, 'card:issue') && (
            <Button icon={<CloudUploadOutlined />} onClick={() => void navigate('/cards/import')}>
              {t('cards.import.title')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <Input.Search allowClear placeholder={t('cards.filter.q')} onSearch={(q) => update({ q: q.trim() || undefined })} style={{ width: 260 }} data-testid="cards-search" />
          <CardStateSelect value={params.state} onChange={(state) => update({ state: state.length ? state : undefined })} />
          <Select
            allowClear
            placeholder={t('cards.filter.channel')}
            value={params.channel}
            onChange={(channel?: string) => update({ channel })}
            options={channels.map((c) => ({ value: c, label: t(`cards.channel.${c}`) }))}
            style={{ width: 140 }}
          />
          {hasPermission(me, 'org:read') && <OrgTreeSelect value={params.orgId ?? null} onChange={(orgId) => update({ orgId })} placeholder={t('cards.filter.org')} style={{ width: 240 }} />}
        </Space>
      </Card>
      <Card size="small">
        <Table<CardListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: 1170 }}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => (data?.totalCapped ? t('cards.list.totalCapped', { total: n(total) }) : t('common.total', { total: n(total) })),
            onChange: (page, pageSize) => setParams((p) => ({ ...p, page, pageSize })),
          }}
          data-testid="cards-table"
        />
      </Card>
      <CardDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
