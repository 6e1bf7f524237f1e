import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { orgKindLabels, type OrgKind } from '@tongxing/domain';
import { Alert, App, Button, Input, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';
import { useApiError } from '../../../shared/use-api-error';
import { YuanInput } from '../../loans/components/money-input';
import { fenToYuanText, yuan, yuanToFen } from '../../loans/loan-format';
import { useOrgList } from '../../orgs/orgs-api';
import { useApprovalLimits, usePutApprovalLimits } from '../programmes-api';

interface Row {
  orgId: number;
  orgName: string;
  orgKind: string;
  parentId: number | null;
  amount: string;
  note: string;
}

/**
 * 审批权限: how much each partner unit may approve; above it the step goes up to the parent unit (the
 * city branch approves up to its delegated limit, the head office above). A unit without a row has no limit.
 */
export function ApprovalLimitsTab({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const limits = useApprovalLimits();
  const partners = useOrgList({ kind: ['bank', 'insurer', 'guarantor'], status: 'active', pageSize: 500 });
  const save = usePutApprovalLimits();
  const [draft, setDraft] = useState<Row[] | null>(null);
  const [adding, setAdding] = useState<number | undefined>();

  const saved: Row[] = (limits.data?.items ?? []).map((l) => ({ orgId: l.orgId, orgName: l.orgName, orgKind: l.orgKind, parentId: l.parentId, amount: fenToYuanText(l.maxAmountFen) ?? '', note: l.note ?? '' }));
  const rows = draft ?? saved;
  const nameOf = (id: number | null) => (id ? (partners.data?.items.find((o) => o.id === id)?.name ?? '') : '');
  const edit = (orgId: number, patch: Partial<Row>) => setDraft(rows.map((r) => (r.orgId === orgId ? { ...r, ...patch } : r)));
  const invalid = rows.some((r) => (yuanToFen(r.amount) ?? 0) <= 0);

  const add = () => {
    const org = partners.data?.items.find((o) => o.id === adding);
    if (!org || rows.some((r) => r.orgId === org.id)) return;
    setDraft([...rows, { orgId: org.id, orgName: org.name, orgKind: org.kind, parentId: org.parentId, amount: '', note: '' }]);
    setAdding(undefined);
  };

  const submit = () =>
    save.mutate(
      rows.map((r) => ({ orgId: r.orgId, maxAmountFen: yuanToFen(r.amount) ?? 0, ...(r.note.trim() ? { note: r.note.trim() } : {}) })),
      {
        onSuccess: () => {
          setDraft(null);
          void message.success(t('common.saved'));
        },
        onError: (e) => showError(e),
      },
    );

  const columns: TableColumnsType<Row> = [
    { title: t('loanProgrammes.limits.unit'), dataIndex: 'orgName', width: 260 },
    { title: t('loanProgrammes.limits.kind'), dataIndex: 'orgKind', width: 110, render: (k: string) => <Tag>{orgKindLabels[k as OrgKind] ? pickLabel(orgKindLabels[k as OrgKind], i18n.language) : k}</Tag> },
    { title: t('loanProgrammes.limits.parent'), dataIndex: 'parentId', width: 220, render: (p: number | null) => nameOf(p) || <span className="tx-muted">—</span> },
    {
      title: t('loanProgrammes.limits.max'),
      dataIndex: 'amount',
      width: 200,
      align: 'right',
      render: (v: string, r) => (canEdit ? <YuanInput size="small" value={v} onChange={(x) => edit(r.orgId, { amount: x ?? '' })} status={(yuanToFen(v) ?? 0) <= 0 ? 'error' : undefined} /> : yuan(yuanToFen(v))),
    },
    { title: t('loanProgrammes.limits.note'), dataIndex: 'note', render: (v: string, r) => (canEdit ? <Input size="small" value={v} maxLength={200} onChange={(e) => edit(r.orgId, { note: e.target.value })} /> : v || '—') },
    ...(canEdit
      ? [{ title: '', key: 'del', width: 48, render: (_v: unknown, r: Row) => <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => setDraft(rows.filter((x) => x.orgId !== r.orgId))} /> }]
      : []),
  ];

  return (
    <>
      <Alert type="info" showIcon title={t('loanProgrammes.limits.hint')} style={{ marginBottom: 12 }} />
      <Table<Row> rowKey="orgId" size="small" columns={columns} dataSource={rows} loading={limits.isLoading} pagination={false} locale={{ emptyText: t('loanProgrammes.limits.none') }} data-testid="limits-table" />
      {canEdit && (
        <Space style={{ marginTop: 12 }} wrap>
          <Select
            value={adding}
            onChange={setAdding}
            showSearch
            optionFilterProp="label"
            placeholder={t('loanProgrammes.limits.addUnit')}
            style={{ width: 300 }}
            options={(partners.data?.items ?? []).filter((o) => !rows.some((r) => r.orgId === o.id)).map((o) => ({ value: o.id, label: o.name }))}
          />
          <Button icon={<PlusOutlined />} disabled={!adding} onClick={add}>
            {t('loanProgrammes.limits.add')}
          </Button>
          <Button type="primary" icon={<SaveOutlined />} disabled={!draft || invalid} loading={save.isPending} onClick={submit}>
            {t('common.save')}
          </Button>
          <Button icon={<UndoOutlined />} disabled={!draft} onClick={() => setDraft(null)}>
            {t('loanProgrammes.targets.undo')}
          </Button>
        </Space>
      )}
    </>
  );
}
