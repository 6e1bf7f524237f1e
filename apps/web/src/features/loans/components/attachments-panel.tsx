import { FileImageOutlined, FilePdfOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { Loan } from '@tongxing/contracts';
import { App, Button, Select, Space, Table, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { attachmentUrl, useUploadAttachment } from '../loans-api';

type Attachment = Loan['attachments'][number];
const kinds = ['business_licence', 'business_plan', 'id_copy', 'other'] as const;
const MAX_MB = 10;
const ACCEPT = '.pdf,.jpg,.jpeg,.png';

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(Math.round((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
}

/** The application's papers (licence, plan, ID copy): open in a new tab; upload PDF/JPG/PNG up to 10 MB. */
export function AttachmentsPanel({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const showError = useApiError();
  const uploadFile = useUploadAttachment();
  const [kind, setKind] = useState<(typeof kinds)[number]>('business_licence');
  const canUpload = loan.actions.includes('attach');

  const send = (file: File) => {
    if (file.size > MAX_MB * 1024 * 1024) {
      showError(new Error(t('loans.attachments.tooLarge', { mb: MAX_MB })));
      return;
    }
    if (!/\.(pdf|jpe?g|png)$/i.test(file.name)) {
      showError(new Error(t('loans.attachments.wrongType')));
      return;
    }
    uploadFile.mutate({ id: loan.id, kind, file }, { onSuccess: () => void message.success(t('loans.attachments.uploaded', { name: file.name })), onError: (e) => showError(e) });
  };

  const columns: TableColumnsType<Attachment> = [
    { title: t('loans.attachments.kind'), dataIndex: 'kind', width: 130, render: (k: string) => t(`loans.attachments.kinds.${k}`, { defaultValue: k }) },
    {
      title: t('loans.attachments.file'),
      dataIndex: 'fileName',
      ellipsis: true,
      render: (name: string, a) => (
        <a href={attachmentUrl(loan.id, a.id)} target="_blank" rel="noopener noreferrer" data-testid="attachment-link">
          <Space size={6}>
            {/\.pdf$/i.test(name) ? <FilePdfOutlined style={{ color: '#cf1322' }} /> : /\.(png|jpe?g)$/i.test(name) ? <FileImageOutlined style={{ color: '#1677ff' }} /> : <PaperClipOutlined />}
            {name}
          </Space>
        </a>
      ),
    },
    { title: t('loans.attachments.size'), dataIndex: 'sizeBytes', width: 90, align: 'right', render: sizeText },
    { title: t('loans.attachments.uploadedAt'), dataIndex: 'uploadedAt', width: 140, render: (v: string) => <span className="tx-mono">{formatDateTimeShort(v)}</span> },
  ];

  return (
    <>
      {canUpload && (
        <Space style={{ marginBottom: 8 }}>
          <Select value={kind} onChange={setKind} style={{ width: 160 }} options={kinds.map((k) => ({ value: k, label: t(`loans.attachments.kinds.${k}`) }))} />
          <Upload accept={ACCEPT} showUploadList={false} multiple={false} customRequest={({ file }) => send(file as File)} disabled={uploadFile.isPending}>
            <Button icon={<UploadOutlined />} loading={uploadFile.isPending} data-testid="attachment-upload">
              {t('loans.attachments.upload')}
            </Button>
          </Upload>
          <span className="tx-muted">{t('loans.attachments.rule', { mb: MAX_MB })}</span>
        </Space>
      )}
      <Table<Attachment>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={loan.attachments}
        pagination={false}
        locale={{ emptyText: t('loans.attachments.none') }}
        data-testid="attachments-table"
      />
    </>
  );
}
