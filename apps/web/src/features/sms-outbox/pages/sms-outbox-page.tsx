import { ReloadOutlined } from '@ant-design/icons';
import type { SmsOutboxItem } from '@tongxing/contracts';
import { Button, Card, Result, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { formatDateTime } from '../../../shared/format';
import { useSmsOutbox } from '../sms-outbox-api';

/** 短信发件箱: what the development SMS provider kept, for demonstrations without a phone (demo mode only). */
export function SmsOutboxPage() {
  const { t, i18n } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const { data, error, isFetching, refetch } = useSmsOutbox(page.page, page.pageSize);

  if (error instanceof ProblemError && error.is('NOT_FOUND')) {
    return <Result status="info" title={t('smsOutbox.demoOnly')} subTitle={t('smsOutbox.demoOnlyText')} />;
  }
  const templateLabel = (code: string) => (i18n.exists(`smsOutbox.templates.${code}`) ? t(`smsOutbox.templates.${code}`) : code);
  const columns: TableColumnsType<SmsOutboxItem> = [
    { title: t('smsOutbox.createdAt'), dataIndex: 'createdAt', width: 170, render: (v: string) => formatDateTime(v) },
    { title: t('smsOutbox.phone'), dataIndex: 'phoneMasked', width: 120, render: (v: string) => <span className="tx-mono">{v}</span> },
    { title: t('smsOutbox.template'), dataIndex: 'template', width: 140, render: (v: string) => <Tag>{templateLabel(v)}</Tag> },
    { title: t('smsOutbox.body'), dataIndex: 'body' },
  ];

  return (
    <>
      <div className="tx-page-title">
        <h2>{t('smsOutbox.title')}</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void refetch()}>
          {t('common.refresh')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
        {t('smsOutbox.intro')}
      </Typography.Paragraph>
      <Card size="small">
        <Table<SmsOutboxItem>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={data?.items ?? []}
          loading={isFetching}
          pagination={{
            current: page.page,
            pageSize: page.pageSize,
            total: data?.total ?? 0,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, pageSize) => setPage({ page: pageSize === page.pageSize ? p : 1, pageSize }),
          }}
          data-testid="sms-outbox-table"
        />
      </Card>
    </>
  );
}
