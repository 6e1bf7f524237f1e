import { ImportOutlined, ReloadOutlined } from '@ant-design/icons';
import type { Transfer } from '@tongxing/contracts';
import { App, Badge, Button, Card, Input, Select, Space, Table, Tabs, Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { TransferInModal } from '../components/transfer-in-modal';
import { useDecideTransfer, useTransfers, type TransferDecision, type TransferListParams, type TransferStatus } from '../transfers-api';

type TabKey = 'incoming' | 'out' | 'in' | 'all';

/** Each tab is a fixed query: what waits for us, what leaves our unions, what comes in, everything. */
const tabQuery: Record<TabKey, Pick<TransferListParams, 'direction' | 'status'>> = {
  incoming: { direction: 'in', status: 'pending' },
  out: { direction: 'out' },
  in: { direction: 'in' },
  all: { direction: 'all' },
};

const statusColors: Record<TransferStatus, string> = { pending: 'processing', accepted: 'success', rejected: 'error', cancelled: 'default' };

function useDecision() {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const decide = useDecideTransfer();
  const showError = useApiError();

  return (transfer: Transfer, decision: TransferDecision) => {
    let note = '';
    const run = () =>
      decide.mutateAsync({ id: transfer.id, decision, ...(note.trim() ? { note: note.trim() } : {}) }).then(
        () => void message.success(t(`transfers.done.${decision}`)),
        (err: unknown) => showError(err),
      );
    modal.confirm({
      title: t(`transfers.confirm.${decision}`, { name: transfer.memberName }),
      content: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{t('transfers.confirmRoute', { from: transfer.fromOrgName, to: transfer.toOrgName })}</span>
          {decision === 'accept' && <span className="tx-muted">{t('transfers.acceptHint')}</span>}
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={decision === 'reject' ? t('transfers.rejectNotePlaceholder') : t('transfers.notePlaceholder')}
            onChange={(e) => {
              note = e.target.value;
            }}
            data-testid="transfer-note"
          />
        </Space>
      ),
      okText: t(`transfers.action.${decision}`),
      okButtonProps: { danger: decision !== 'accept' },
      onOk: run,
    });
  };
}

export function TransfersPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const canRead = hasPermission(me, 'member:read');
  const [tab, setTab] = useState<TabKey>('incoming');
  const [status, setStatus] = useState<TransferStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [openIn, setOpenIn] = useState(false);
  const query = tabQuery[tab];
  const params: TransferListParams = { ...query, ...(query.status ? {} : status ? { status } : {}), page, pageSize };
  const { data, isFetching, refetch } = useTransfers(params);
  const waiting = useTransfers({ direction: 'in', status: 'pending', page: 1, pageSize: 1 });
  const decide = useDecision();

  const allColumns: (TableColumnsType<Transfer>[number] | false)[] = [
    {
      title: t('transfers.member'),
      dataIndex: 'memberName',
      width: 100,
      // The member is where the transfer leaves them: still with the sender until accepted, then with the
      // receiver. No link where that union is not ours (it would end in "not found").
      render: (name: string, tr) => {
        const hidden = (tab === 'out' && tr.status === 'accepted') || ((tab === 'in' || tab === 'incoming') && tr.status !== 'accepted');
        return canRead && !hidden ? <Link to={`/members/${tr.memberId}`}>{name}</Link> : name;
      },
    },
    { title: t('members.idNumber'), dataIndex: 'idNumberMasked', width: 160, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('transfers.fromOrg'), dataIndex: 'fromOrgName', width: 210, ellipsis: { showTitle: true } },
    { title: t('transfers.toOrg'), dataIndex: 'toOrgName', width: 210, ellipsis: { showTitle: true } },
    {
      title: t('transfers.initiatedBy'),
      dataIndex: 'initiatedBy',
      width: 80,
      render: (v: Transfer['initiatedBy']) => (
        <Tag color={v === 'sending' ? 'blue' : 'purple'} variant="outlined" style={{ marginInlineEnd: 0 }}>
          {t(`transfers.side.${v}`)}
        </Tag>
      ),
    },
    { title: t('transfers.reason'), dataIndex: 'reason', width: 150, ellipsis: { showTitle: true }, render: (v: string | null) => orDash(v) },
    tab !== 'incoming' && {
      title: t('transfers.status'),
      dataIndex: 'status',
      width: 90,
      render: (s: TransferStatus, tr) => (
        <Tooltip title={tr.decisionNote ? t('transfers.decisionNote', { note: tr.decisionNote }) : undefined}>
          <Tag color={statusColors[s]} style={{ marginInlineEnd: 0 }}>
            {t(`transfers.statusLabel.${s}`)}
          </Tag>
        </Tooltip>
      ),
    },
    { title: t('transfers.createdAt'), dataIndex: 'createdAt', width: 132, render: (v: string) => formatDateTimeShort(v) },
    // Pending transfers have no decision yet: the column shows only where decided ones appear.
    tab !== 'incoming' && { title: t('transfers.decidedAt'), dataIndex: 'decidedAt', width: 132, render: (v: string | null) => (v ? formatDateTimeShort(v) : '—') },
    {
      title: t('common.actions'),
      key: 'actions',
      width: i18n.language === 'en' ? 190 : 140,
      fixed: 'right',
      render: (_v, tr) =>
        !tr.canAccept && !tr.canCancel ? (
          <span className="tx-muted">—</span>
        ) : (
          <Space size={0}>
            {tr.canAccept && (
              <Button type="link" size="small" onClick={() => decide(tr, 'accept')} data-testid="transfer-accept">
                {t('transfers.action.accept')}
              </Button>
            )}
            {tr.canAccept && (
              <Button type="link" size="small" danger onClick={() => decide(tr, 'reject')}>
                {t('transfers.action.reject')}
              </Button>
            )}
            {tr.canCancel && (
              <Button type="link" size="small" onClick={() => decide(tr, 'cancel')}>
                {t('transfers.action.cancel')}
              </Button>
            )}
          </Space>
        ),
    },
  ];

  const columns = allColumns.filter((c): c is TableColumnsType<Transfer>[number] => c !== false);
  const tableWidth = columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0);
  const waitingCount = waiting.data?.total ?? 0;
  const tabs = [
    { key: 'incoming', label: <Badge count={waitingCount} size="small" offset={[8, -2]}>{t('transfers.tab.incoming')}</Badge> },
    { key: 'out', label: t('transfers.tab.out') },
    { key: 'in', label: t('transfers.tab.in') },
    { key: 'all', label: t('transfers.tab.all') },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('transfers.title')}</h2>
        <Button type="primary" icon={<ImportOutlined />} onClick={() => setOpenIn(true)} data-testid="transfer-in-open">
          {t('transfers.in')}
        </Button>
      </div>
      <Card size="small" styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(k) => {
            setTab(k as TabKey);
            setPage(1);
          }}
          items={tabs}
          tabBarExtraContent={
            <Space>
              {!tabQuery[tab].status && (
                <Select<TransferStatus | undefined>
                  value={status}
                  onChange={(s) => {
                    setStatus(s);
                    setPage(1);
                  }}
                  allowClear
                  placeholder={t('transfers.allStatus')}
                  style={{ width: 130 }}
                  options={(['pending', 'accepted', 'rejected', 'cancelled'] as const).map((s) => ({ value: s, label: t(`transfers.statusLabel.${s}`) }))}
                />
              )}
              <Button icon={<ReloadOutlined />} onClick={() => void refetch()} title={t('common.refresh')} />
            </Space>
          }
        />
        <Table<Transfer>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: tableWidth }}
          locale={{ emptyText: t(tab === 'incoming' ? 'transfers.noneWaiting' : 'transfers.none') }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
          data-testid="transfers-table"
        />
      </Card>
      <TransferInModal open={openIn} onClose={() => setOpenIn(false)} />
    </>
  );
}
