import '../members.css';
import { CloudUploadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import type { MemberListItem } from '@tongxing/contracts';
import type { ModelWorkerLevel } from '@tongxing/domain';
import { Button, Card, Input, Select, Space, Table, Tag, Tooltip } from 'antd';
import type { TableColumnsType, TablePaginationConfig } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { formatNumber, orDash } from '../../../shared/format';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { OrgTreeSelect } from '../../orgs/components/org-tree-select';
import { MemberExportButton } from '../components/member-export-button';
import { MemberFormDrawer, type MemberFormTarget } from '../components/member-form-drawer';
import { MemberStatusTag, ModelWorkerTag, useMemberLabels } from '../member-labels';
import { useMembers, type MemberSort } from '../members-api';
import { useRosterParams } from '../use-roster-params';

/** The model-worker filter as people ask it: any model worker, one level, or none. */
const levelChoices: Record<string, ModelWorkerLevel[]> = {
  any: ['city', 'provincial', 'national'],
  national: ['national'],
  provincial: ['provincial'],
  city: ['city'],
  none: ['none'],
};

function levelChoiceOf(levels: ModelWorkerLevel[] | undefined): string | undefined {
  if (!levels || levels.length === 0) return undefined;
  const key = [...levels].sort().join(',');
  return Object.entries(levelChoices).find(([, v]) => [...v].sort().join(',') === key)?.[0];
}

export function MembersPage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const navigate = useNavigate();
  const labels = useMemberLabels();
  const { params, update, reset, pageSizes } = useRosterParams();
  const { data, isFetching, refetch } = useMembers(params);
  const [keyword, setKeyword] = useState(params.q ?? '');
  const [formTarget, setFormTarget] = useState<MemberFormTarget | null>(null);
  const canWrite = hasPermission(me, 'member:write');
  const canImport = hasPermission(me, 'member:import');
  const canExport = hasPermission(me, 'member:export');

  // The box follows the address (back button, reset), and typing does not search until asked.
  const [shownQ, setShownQ] = useState(params.q);
  if (shownQ !== params.q) {
    setShownQ(params.q);
    setKeyword(params.q ?? '');
  }

  // English labels run longer than the Chinese ones: a few columns and boxes widen with them.
  const en = i18n.language === 'en';
  const sortOrder = (key: MemberSort) => (params.sort === key ? (params.order === 'desc' ? 'descend' : 'ascend') : null);
  const mono = (v: string | null) => <span className="tx-mono">{orDash(v)}</span>;

  // The columns a cadre scans first come first; employer and tags follow and may need the scroll bar.
  const columns: TableColumnsType<MemberListItem> = [
    {
      title: t('members.name'),
      dataIndex: 'name',
      key: 'name',
      width: 92,
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrder('name'),
      render: (name: string, m) => (
        <Link to={`/members/${m.id}`} data-testid="member-link">
          {name}
        </Link>
      ),
    },
    { title: t('members.gender'), dataIndex: 'gender', width: en ? 72 : 52, render: (g: string | null) => orDash(labels.gender(g)) },
    { title: t('members.birthDate'), dataIndex: 'birthDate', key: 'birthDate', width: 100, sorter: true, sortOrder: sortOrder('birthDate'), render: mono },
    { title: t('members.idNumber'), dataIndex: 'idNumberMasked', width: 162, render: mono },
    { title: t('members.phone'), dataIndex: 'phoneMasked', width: 106, render: mono },
    { title: t('members.org'), dataIndex: 'orgName', width: 190, ellipsis: { showTitle: true } },
    { title: t('members.category'), dataIndex: 'category', width: en ? 160 : 140, ellipsis: true, render: (c: string) => labels.category(c) },
    {
      title: t('members.modelWorker'),
      dataIndex: 'modelWorkerLevel',
      width: en ? 170 : 106,
      render: (l: ModelWorkerLevel) => (l === 'none' ? <span className="tx-muted">—</span> : <ModelWorkerTag level={l} />),
    },
    { title: t('members.joinDate'), dataIndex: 'joinDate', key: 'joinDate', width: 100, sorter: true, sortOrder: sortOrder('joinDate'), render: mono },
    { title: t('members.employer'), dataIndex: 'employer', width: 170, ellipsis: { showTitle: true }, render: (v: string | null) => orDash(v) },
    {
      title: t('members.tags'),
      dataIndex: 'tags',
      width: 130,
      render: (tags: string[]) =>
        tags.length === 0 ? (
          <span className="tx-muted">—</span>
        ) : (
          // One line per member: the rest of the tags are in the tooltip and on the record.
          <span className="tx-tags-line" title={tags.join('、')}>
            {tags.map((tag) => (
              <Tag key={tag}>{tag}</Tag>
            ))}
          </span>
        ),
    },
    { title: t('members.status'), dataIndex: 'status', width: en ? 104 : 72, fixed: 'right', render: (s: MemberListItem['status']) => <MemberStatusTag status={s} /> },
  ];

  const onTableChange = (pagination: TablePaginationConfig, _f: unknown, sorter: SorterResult<MemberListItem> | SorterResult<MemberListItem>[]) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = (s?.order ? s.columnKey : undefined) as MemberSort | undefined;
    const sort = key ?? 'name';
    const order = s?.order === 'descend' ? 'desc' : 'asc';
    if (sort !== params.sort || order !== params.order) {
      update({ sort, order });
      return;
    }
    const pageSize = pagination.pageSize ?? params.pageSize;
    update({ page: pageSize === params.pageSize ? (pagination.current ?? 1) : 1, pageSize }, true);
  };

  const total = data?.total ?? 0;
  const totalText = data?.totalCapped ? t('members.totalCapped', { total: formatNumber(total, i18n.language) }) : t('common.total', { total: formatNumber(total, i18n.language) });

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('members.rosterTitle')}</h2>
        <Space>
          {canImport && (
            <Button icon={<CloudUploadOutlined />} onClick={() => void navigate(`/members/import${params.orgId ? `?orgId=${params.orgId}` : ''}`)} data-testid="members-import">
              {t('members.importAction')}
            </Button>
          )}
          {canExport && <MemberExportButton filter={params} disabled={total === 0} />}
          {canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', ...(params.orgId ? { orgId: params.orgId } : {}) })} data-testid="members-create">
              {t('members.create')}
            </Button>
          )}
        </Space>
      </div>
      <Card size="small" className="tx-filter-bar">
        <Space wrap size={[12, 8]}>
          <OrgTreeSelect value={params.orgId ?? null} onChange={(orgId) => update({ orgId })} placeholder={t('members.allUnits')} style={{ width: 240 }} data-testid="members-unit-filter" />
          <Tooltip title={t('members.searchHint')} placement="topLeft">
            <Input.Search
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(q) => update({ q: q.trim() || undefined })}
              placeholder={t('members.searchPlaceholder')}
              allowClear
              style={{ width: 580 }}
              enterButton={t('common.search')}
              maxLength={40}
              data-testid="members-search"
            />
          </Tooltip>
          <Select
            mode="multiple"
            value={params.status}
            onChange={(status) => update({ status })}
            placeholder={t('members.allStatus')}
            allowClear
            maxTagCount="responsive"
            style={{ width: 140 }}
            options={labels.statusOptions}
            data-testid="members-status-filter"
          />
          <Select
            mode="multiple"
            value={params.category}
            onChange={(category) => update({ category })}
            placeholder={t('members.allCategories')}
            allowClear
            maxTagCount="responsive"
            style={{ width: 160 }}
            options={labels.categoryOptions}
          />
          <Select<string | undefined>
            value={levelChoiceOf(params.modelWorkerLevel)}
            onChange={(choice) => update({ modelWorkerLevel: choice ? levelChoices[choice] : [] })}
            placeholder={t('members.allLevels')}
            allowClear
            style={{ width: en ? 200 : 150 }}
            options={[
              { value: 'any', label: t('members.anyModelWorker') },
              ...(['national', 'provincial', 'city'] as const).map((l) => ({ value: l, label: labels.level(l) })),
              { value: 'none', label: t('members.notModelWorker') },
            ]}
          />
          <Select
            mode="tags"
            value={params.tag}
            onChange={(tag: string[]) => update({ tag: tag.map((x) => x.trim()).filter((x) => x !== '' && x.length <= 20) })}
            placeholder={t('members.tagFilter')}
            allowClear
            maxTagCount="responsive"
            style={{ width: 170 }}
            open={false}
            suffixIcon={null}
          />
          <Button
            onClick={() => {
              setKeyword('');
              reset();
            }}
          >
            {t('common.reset')}
          </Button>
          <Button icon={<ReloadOutlined />} onClick={() => void refetch()} title={t('common.refresh')} />
        </Space>
      </Card>
      <Card size="small">
        <Table<MemberListItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          scroll={{ x: en ? 1560 : 1400 }}
          onChange={onTableChange}
          onRow={(m) => ({ onDoubleClick: () => void navigate(`/members/${m.id}`) })}
          pagination={{
            current: params.page,
            pageSize: params.pageSize,
            total,
            showSizeChanger: true,
            pageSizeOptions: pageSizes,
            showTotal: () => totalText,
          }}
          locale={params.q ? { emptyText: t('members.noMatch', { q: params.q }) } : undefined}
          data-testid="members-table"
        />
      </Card>
      <MemberFormDrawer
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onSaved={(m, created) => {
          setFormTarget(null);
          if (created) void navigate(`/members/${m.id}`);
        }}
      />
    </>
  );
}
