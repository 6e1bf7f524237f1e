import { Card, Empty, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../shared/format';
import { useMemberLabels, type MemberLabels } from '../member-labels';
import { useMemberHistory, type MemberEvent } from '../members-api';

/** The server writes personal numbers into the history only as this marker: that they changed, never what to. */
const CHANGED = '[changed]';

/** Tag presets for the labels; the timeline dots take the matching hex (its 'blue' would be the union red). */
const eventColors: Record<string, string> = {
  created: 'green',
  joined_online: 'green',
  imported: 'cyan',
  updated: 'blue',
  status_changed: 'orange',
  transferred: 'purple',
};
const dotColors: Record<string, string> = {
  created: '#389e0d',
  joined_online: '#389e0d',
  imported: '#08979c',
  updated: '#1f5fae',
  status_changed: '#d46b08',
  transferred: '#722ed1',
};

function formatValue(field: string, value: unknown, labels: MemberLabels, t: TFunction): string {
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return t('members.history.empty');
  switch (field) {
    case 'status':
      return labels.status(String(value));
    case 'category':
      return labels.category(String(value));
    case 'modelWorkerLevel':
      return labels.level(String(value));
    case 'idType':
      return labels.idType(String(value));
    case 'ethnicity':
      return labels.ethnicity(String(value));
    case 'politicalStatus':
      return labels.political(String(value));
    case 'education':
      return labels.education(String(value));
    case 'gender':
      return labels.gender(String(value)) || String(value);
    case 'tags':
      return Array.isArray(value) ? value.join('、') : String(value);
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** One change in words: "工作单位：A → B"; personal numbers only "已变更". */
export function describeChange(field: string, change: { from: unknown; to: unknown }, labels: MemberLabels, t: TFunction): string {
  const name = t(`members.field.${field}`, { defaultValue: field });
  if (change.from === CHANGED || change.to === CHANGED) return t('members.history.changedLine', { field: name });
  return t('members.history.changeLine', { field: name, from: formatValue(field, change.from, labels, t), to: formatValue(field, change.to, labels, t) });
}

function EventBody({ event, labels }: { event: MemberEvent; labels: MemberLabels }) {
  const { t } = useTranslation();
  const changes = Object.entries(event.changes ?? {});
  let headline: string;
  if (event.type === 'transferred') {
    headline = t('members.history.transferredLine', { from: event.otherOrgName ?? t('members.history.unknownUnit'), to: event.orgName ?? t('members.history.unknownUnit') });
  } else if (event.type === 'created' || event.type === 'imported' || event.type === 'joined_online') {
    headline = t(`members.history.${event.type}Line`, { org: event.orgName ?? t('members.history.unknownUnit') });
  } else {
    headline = '';
  }
  return (
    <div data-testid="history-event">
      <Space size={8} wrap>
        <Tag color={eventColors[event.type] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {t(`members.history.type.${event.type}`, { defaultValue: event.type })}
        </Tag>
        <span className="tx-muted">{formatDateTime(event.at)}</span>
        <span className="tx-muted">{event.actorName ? t('members.history.by', { name: event.actorName }) : t('members.history.bySystem')}</span>
      </Space>
      {headline && <div style={{ marginTop: 4 }}>{headline}</div>}
      {changes.length > 0 && (
        <ul className="tx-changes">
          {changes.map(([field, change]) => (
            <li key={field}>{describeChange(field, change, labels, t)}</li>
          ))}
        </ul>
      )}
      {event.note && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 2 }}>
          {t('members.history.note', { note: event.note })}
        </Typography.Text>
      )}
    </div>
  );
}

/** Every change and transfer of the record, newest first. */
export function MemberHistory({ memberId }: { memberId: number }) {
  const { t } = useTranslation();
  const labels = useMemberLabels();
  const { data, isPending } = useMemberHistory(memberId);
  const events = [...(data?.items ?? [])].reverse();
  return (
    <Card size="small" title={t('members.history.title')} style={{ marginTop: 12 }} data-testid="member-history">
      {isPending ? (
        <Skeleton active />
      ) : events.length === 0 ? (
        <Empty description={t('members.history.none')} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={events.map((e) => ({ key: e.id, color: dotColors[e.type] ?? 'gray', content: <EventBody event={e} labels={labels} /> }))}
        />
      )}
    </Card>
  );
}
