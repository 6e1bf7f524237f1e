import { PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import type { Programme } from '@tongxing/contracts';
import { isPartnerKind } from '@tongxing/domain';
import { Alert, App, Button, InputNumber, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { YuanInput } from '../../loans/components/money-input';
import { fenToYuanText, yuan, yuanToFen } from '../../loans/loan-format';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { fetchOrg, useOrgList } from '../../orgs/orgs-api';
import { usePutTargets } from '../programmes-api';

interface Row {
  orgId: number;
  orgName: string;
  lending: string;
  enterprises: number;
  entrepreneurs: number;
  jobs: number;
}
type Field = 'lending' | 'enterprises' | 'entrepreneurs' | 'jobs';

/**
 * 任务分解: the programme's targets handed to each district (and, if wanted, further down), edited in place;
 * the sum row compares the allocation with the programme's own targets.
 */
export function TargetsEditor({ programme, canEdit }: { programme: Programme; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const save = usePutTargets();
  const districts = useOrgList({ kind: 'district_union', status: 'active', pageSize: 100 });
  const [draft, setDraft] = useState<Record<number, Row>>({});
  const [extra, setExtra] = useState<{ id: number; name: string }[]>([]);
  const [adding, setAdding] = useState<number | undefined>();
  const n = (v: number) => formatNumber(v, i18n.language);

  const rows = useMemo(() => {
    const byOrg = new Map<number, Row>();
    const blank = (orgId: number, orgName: string): Row => ({ orgId, orgName, lending: '0.00', enterprises: 0, entrepreneurs: 0, jobs: 0 });
    for (const d of districts.data?.items ?? []) byOrg.set(d.id, blank(d.id, d.name));
    for (const x of programme.targets) {
      byOrg.set(x.orgId, { orgId: x.orgId, orgName: x.orgName, lending: fenToYuanText(x.lendingFen) ?? '0.00', enterprises: x.enterprises, entrepreneurs: x.entrepreneurs, jobs: x.jobs });
    }
    for (const e of extra) if (!byOrg.has(e.id)) byOrg.set(e.id, blank(e.id, e.name));
    return [...byOrg.values()].map((r) => draft[r.orgId] ?? r);
  }, [districts.data, programme.targets, extra, draft]);

  const set = (row: Row, field: Field, value: string | number | null) => setDraft((d) => ({ ...d, [row.orgId]: { ...row, [field]: field === 'lending' ? (value ?? '0') : Number(value ?? 0) } }));
  const dirty = Object.keys(draft).length > 0 || extra.length > 0;

  const sum = rows.reduce(
    (s, r) => ({ lendingFen: s.lendingFen + (yuanToFen(r.lending) ?? 0), enterprises: s.enterprises + r.enterprises, entrepreneurs: s.entrepreneurs + r.entrepreneurs, jobs: s.jobs + r.jobs }),
    { lendingFen: 0, enterprises: 0, entrepreneurs: 0, jobs: 0 },
  );
  const badRow = rows.find((r) => yuanToFen(r.lending) === null);

  const submit = () => {
    if (badRow) return;
    const targets = rows
      .filter((r) => (yuanToFen(r.lending) ?? 0) > 0 || r.enterprises > 0 || r.entrepreneurs > 0 || r.jobs > 0)
      .map((r) => ({ orgId: r.orgId, lendingFen: yuanToFen(r.lending) ?? 0, enterprises: r.enterprises, entrepreneurs: r.entrepreneurs, jobs: r.jobs }));
    save.mutate(
      { id: programme.id, targets },
      {
        onSuccess: () => {
          setDraft({});
          setExtra([]);
          void message.success(t('common.saved'));
        },
        onError: (e) => showError(e),
      },
    );
  };

  const count = (field: Exclude<Field, 'lending'>) => (v: number, r: Row) =>
    canEdit ? <InputNumber size="small" min={0} max={100_000_000} precision={0} value={v} onChange={(x) => set(r, field, x)} style={{ width: '100%' }} /> : n(v);
  const columns: TableColumnsType<Row> = [
    { title: t('loanProgrammes.targets.unit'), dataIndex: 'orgName', width: 200 },
    {
      title: t('loanProgrammes.targets.lending'),
      dataIndex: 'lending',
      width: 200,
      align: 'right',
      render: (v: string, r) => (canEdit ? <YuanInput size="small" value={v} onChange={(x) => set(r, 'lending', x)} status={yuanToFen(v) === null ? 'error' : undefined} /> : yuan(yuanToFen(v))),
    },
    { title: t('loanProgrammes.targets.enterprises'), dataIndex: 'enterprises', width: 140, align: 'right', render: count('enterprises') },
    { title: t('loanProgrammes.targets.entrepreneurs'), dataIndex: 'entrepreneurs', width: 140, align: 'right', render: count('entrepreneurs') },
    { title: t('loanProgrammes.targets.jobs'), dataIndex: 'jobs', width: 140, align: 'right', render: count('jobs') },
  ];

  const off = (mine: number, total: number) => (mine === total ? undefined : mine > total ? 'danger' : 'warning');
  return (
    <>
      <Table<Row>
        rowKey="orgId"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={districts.isLoading}
        pagination={false}
        data-testid="targets-table"
        summary={() => (
          <Table.Summary.Row className="tx-summary-row">
            <Table.Summary.Cell index={0}>{t('loanProgrammes.targets.allocated')}</Table.Summary.Cell>
            <Table.Summary.Cell index={1} align="right">
              <Typography.Text type={off(sum.lendingFen, programme.targetLendingFen)}>{yuan(sum.lendingFen)}</Typography.Text>
              <div className="tx-muted tx-cell-sub">/ {yuan(programme.targetLendingFen)}</div>
            </Table.Summary.Cell>
            {(['enterprises', 'entrepreneurs', 'jobs'] as const).map((k, i) => {
              const total = k === 'enterprises' ? programme.targetEnterprises : k === 'entrepreneurs' ? programme.targetEntrepreneurs : programme.targetJobs;
              return (
                <Table.Summary.Cell key={k} index={2 + i} align="right">
                  <Typography.Text type={off(sum[k], total)}>{n(sum[k])}</Typography.Text>
                  <div className="tx-muted tx-cell-sub">/ {n(total)}</div>
                </Table.Summary.Cell>
              );
            })}
          </Table.Summary.Row>
        )}
      />
      {canEdit && (
        <Space style={{ marginTop: 12 }} wrap>
          <OrgTreeSelect value={adding ?? null} onChange={setAdding} isDisabled={(o) => isPartnerKind(o.kind)} placeholder={t('loanProgrammes.targets.addUnit')} style={{ width: 260 }} />
          <Button
            icon={<PlusOutlined />}
            disabled={!adding}
            onClick={() => {
              const item = adding;
              if (!item) return;
              fetchOrg(item)
                .then((o) => setExtra((x) => [...x, { id: o.id, name: o.name }]))
                .catch((e: unknown) => showError(e));
              setAdding(undefined);
            }}
          >
            {t('loanProgrammes.targets.add')}
          </Button>
          <Button type="primary" icon={<SaveOutlined />} disabled={!dirty || !!badRow} loading={save.isPending} onClick={submit} data-testid="targets-save">
            {t('loanProgrammes.targets.save')}
          </Button>
          <Button icon={<UndoOutlined />} disabled={!dirty} onClick={() => {
              setDraft({});
              setExtra([]);
            }}>
            {t('loanProgrammes.targets.undo')}
          </Button>
        </Space>
      )}
      {sum.lendingFen !== programme.targetLendingFen && (
        <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('loanProgrammes.targets.mismatch', { allocated: yuan(sum.lendingFen), total: yuan(programme.targetLendingFen) })} />
      )}
    </>
  );
}
