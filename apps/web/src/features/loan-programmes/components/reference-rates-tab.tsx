import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { PercentInput, percentRule } from '../../loans/components/money-input';
import { percentToBps, ratePct, todayIso } from '../../loans/loan-format';
import { useAddReferenceRate, useReferenceRates, type ReferenceRate } from '../programmes-api';

interface Values {
  name: string;
  rate: string;
  effectiveOn: Dayjs;
}

/** 基准利率 (LPR): a reference-plus-spread product takes the rate in force on the day it is approved. */
export function ReferenceRatesTab({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const rates = useReferenceRates();
  const add = useAddReferenceRate();
  const today = todayIso();
  const items = [...(rates.data?.items ?? [])].sort((a, b) => (a.name === b.name ? b.effectiveOn.localeCompare(a.effectiveOn) : a.name.localeCompare(b.name)));
  // The rate in force for each name: the latest effective on or before today.
  const inForce = new Set<number>();
  for (const name of new Set(items.map((r) => r.name))) {
    const current = items.find((r) => r.name === name && r.effectiveOn <= today);
    if (current) inForce.add(current.id);
  }

  const submit = (v: Values) => {
    const rateBps = percentToBps(v.rate);
    if (rateBps === null) return;
    add.mutate(
      { name: v.name.trim(), rateBps, effectiveOn: v.effectiveOn.format('YYYY-MM-DD') },
      {
        onSuccess: () => {
          form.resetFields(['rate']);
          void message.success(t('common.saved'));
        },
        onError: (e) => showError(e, form),
      },
    );
  };

  const columns: TableColumnsType<ReferenceRate> = [
    { title: t('loanProgrammes.rates.name'), dataIndex: 'name', width: 140, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('loanProgrammes.rates.rate'), dataIndex: 'rateBps', width: 120, align: 'right', render: (v: number) => ratePct(v) },
    { title: t('loanProgrammes.rates.effectiveOn'), dataIndex: 'effectiveOn', width: 140, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('common.status'), key: 'st', render: (_v, r) => (inForce.has(r.id) ? <Tag color="success">{t('loanProgrammes.rates.inForce')}</Tag> : r.effectiveOn > today ? <Tag color="blue">{t('loanProgrammes.rates.future')}</Tag> : <span className="tx-muted">{t('loanProgrammes.rates.past')}</span>) },
  ];

  return (
    <>
      {canEdit && (
        <Form<Values> form={form} layout="inline" initialValues={{ name: 'LPR1Y', effectiveOn: dayjs() }} onFinish={submit} style={{ marginBottom: 12, rowGap: 8 }}>
          <Form.Item name="name" label={t('loanProgrammes.rates.name')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,40}$/, message: t('loanProgrammes.rates.nameRule') }]}>
            <Input style={{ width: 120 }} className="tx-mono" />
          </Form.Item>
          <Form.Item name="rate" label={t('loanProgrammes.rates.rate')} rules={[percentRule(t, t('loanProgrammes.rates.rate'), { maxBps: 100_000 })]}>
            <PercentInput style={{ width: 120 }} />
          </Form.Item>
          <Form.Item name="effectiveOn" label={t('loanProgrammes.rates.effectiveOn')} rules={[{ required: true }]}>
            <DatePicker />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={add.isPending}>
              {t('loanProgrammes.rates.add')}
            </Button>
          </Space>
        </Form>
      )}
      <Table<ReferenceRate> rowKey="id" size="small" columns={columns} dataSource={items} loading={rates.isLoading} pagination={false} locale={{ emptyText: t('loanProgrammes.rates.none') }} />
    </>
  );
}
