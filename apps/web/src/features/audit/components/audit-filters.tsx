import { AutoComplete, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { AuditParams } from '../audit-api';

interface Values {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  outcome?: AuditParams['outcome'];
}

export type AuditFilter = Omit<AuditParams, 'page' | 'pageSize'>;

const actionPrefixes = ['auth', 'org', 'user', 'role', 'security', 'audit'] as const;

/** Times go to the server as ISO instants with the browser's offset (the server keeps them as timestamptz). */
export function AuditFilters({ onSearch }: { onSearch: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const clean = (s: string | undefined) => (s && s.trim() ? s.trim() : undefined);

  const submit = (v: Values) =>
    onSearch({
      from: v.range?.[0]?.format() ?? undefined,
      to: v.range?.[1]?.format() ?? undefined,
      actor: clean(v.actor),
      action: clean(v.action),
      entityType: clean(v.entityType),
      entityId: clean(v.entityId),
      outcome: v.outcome,
    });

  const actionOptions = actionPrefixes.map((p) => ({ value: `${p}.`, label: t(`audit.actionGroups.${p}`) }));

  return (
    <Card size="small" className="tx-filter-bar">
      <Form form={form} layout="inline" onFinish={submit} style={{ rowGap: 8 }}>
        <Form.Item name="range" label={t('audit.range')}>
          <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input placeholder={t('audit.actorPlaceholder')} allowClear style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <AutoComplete options={actionOptions} placeholder={t('audit.actionPlaceholder')} allowClear style={{ width: 190 }} />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Select
            allowClear
            style={{ width: 110 }}
            placeholder={t('common.all')}
            options={(['org', 'user', 'role'] as const).map((k) => ({ value: k, label: t(`audit.entityTypes.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input allowClear style={{ width: 100 }} />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            allowClear
            style={{ width: 100 }}
            placeholder={t('common.all')}
            options={(['success', 'denied', 'failure'] as const).map((k) => ({ value: k, label: t(`audit.outcomes.${k}`) }))}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                onSearch({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
