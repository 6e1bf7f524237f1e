import type { MerchantAgreement } from '@tongxing/contracts';
import { Alert, Card, Descriptions, Empty, Skeleton, Table, Tabs, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { orDash } from '../../../shared/format';
import { MerchantStateTag } from '../../merchants/components/merchant-drawer';
import { MerchantSettlementsTable, MerchantTransactionsTable } from '../../merchants/components/merchant-money';
import { bps, categoryName, yuan } from '../../merchants/merchant-format';
import { useMyMerchant } from '../../merchants/merchants-api';

/** 商户工作台: the merchant operator's own merchant — its terms, its card transactions and its settlement statements. */
export function MerchantConsolePage() {
  const { t, i18n } = useTranslation();
  const { data: m, isPending, isError } = useMyMerchant();
  if (isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (isError || !m)
    return (
      <Card size="small">
        <Empty description={t('merchantConsole.notMerchant')} />
      </Card>
    );
  const current = m.agreements.find((a) => a.current);
  return (
    <>
      <div className="tx-page-title">
        <h2>
          {m.name} <MerchantStateTag state={m.state} />
        </h2>
      </div>
      {m.state === 'suspended' && <Alert type="warning" showIcon title={t('merchantConsole.suspended')} description={m.reviewNote ?? undefined} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('merchants.field.category')}>{categoryName(m.category, i18n.language)}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.field.org')}>{m.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.agreement.discount')}>{bps(m.discountBps)}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.agreement.subsidy')}>{bps(m.subsidyBps)}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.agreement.capPerTxn')}>{current?.capPerTxnFen != null ? yuan(current.capPerTxnFen) : t('merchants.agreement.noCap')}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.agreement.capPerMonth')}>{current?.capPerMonthFen != null ? yuan(current.capPerMonthFen) : t('merchants.agreement.noCap')}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.agreement.valid')}>{current ? `${current.validFrom} ~ ${current.validTo}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('merchants.field.openingHours')}>{orDash(m.openingHours)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small">
        <Tabs
          items={[
            { key: 'txn', label: t('merchants.detail.transactions'), children: <MerchantTransactionsTable merchantId={m.id} /> },
            { key: 'settlements', label: t('merchants.detail.settlements'), children: <MerchantSettlementsTable merchantId={m.id} /> },
            {
              key: 'agreements',
              label: t('merchants.detail.agreements', { count: m.agreements.length }),
              children: (
                <Table<MerchantAgreement>
                  size="small"
                  rowKey="id"
                  pagination={false}
                  dataSource={m.agreements}
                  columns={[
                    { title: t('merchants.agreement.valid'), key: 'v', render: (_v, a) => `${a.validFrom} ~ ${a.validTo}` },
                    { title: t('merchants.agreement.discount'), dataIndex: 'discountBps', align: 'right', render: (v: number) => bps(v) },
                    { title: t('merchants.agreement.subsidy'), dataIndex: 'subsidyBps', align: 'right', render: (v: number) => bps(v) },
                    { title: t('common.status'), key: 's', render: (_v, a) => (a.current ? <Tag color="green">{t('merchants.agreement.current')}</Tag> : a.status === 'ended' ? <Tag>{t('merchants.agreement.ended')}</Tag> : <Tag color="blue">{t('merchants.agreement.signed')}</Tag>) },
                  ]}
                />
              ),
            },
          ]}
        />
      </Card>
    </>
  );
}
