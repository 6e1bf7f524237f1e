import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import type { MemberFilter } from '../members-api';
import { downloadExport, exportDone, exportFailed, useExportProgress, useStartExport } from '../members-io-api';

/**
 * 导出: starts a server-side export of the roster's current filter, shows its progress (polled every
 * second) and saves the file when it is written. Numbers in the file are masked like on screen.
 */
export function MemberExportButton({ filter, disabled }: { filter: MemberFilter; disabled?: boolean }) {
  const { t, i18n } = useTranslation();
  const showError = useApiError();
  const start = useStartExport();
  const [jobId, setJobId] = useState<number | null>(null);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);
  const progress = useExportProgress(jobId);
  const job = progress.data ?? start.data;
  const done = exportDone(progress.data);
  const failed = exportFailed(progress.data) || progress.isError;
  const downloadedFor = useRef<number | null>(null);
  const fileName = `${t('members.exportFileName')}-${dayjs().format('YYYYMMDD-HHmm')}.xlsx`;

  const save = (id: number) => {
    setSaving(true);
    downloadExport(id, fileName)
      .then(() => setSaved(true))
      .catch((err: unknown) => showError(err))
      .finally(() => setSaving(false));
  };

  // Saves the file once, as soon as it is ready; the button in the dialog saves it again on request.
  useEffect(() => {
    if (jobId !== null && done && downloadedFor.current !== jobId) {
      downloadedFor.current = jobId;
      save(jobId);
    }
  }, [jobId, done]); // eslint-disable-line react-hooks/exhaustive-deps

  const begin = () => {
    setSaved(false);
    start.mutate(filter, { onSuccess: (j) => setJobId(j.id), onError: (e) => showError(e) });
  };
  const close = () => {
    setJobId(null);
    start.reset();
  };

  const total = job?.totalRows ?? 0;
  const written = job?.writtenRows ?? 0;
  const percent = done ? 100 : total > 0 ? Math.min(99, Math.floor((written / total) * 100)) : 0;
  const n = (v: number) => formatNumber(v, i18n.language);

  return (
    <>
      <Button icon={<DownloadOutlined />} onClick={begin} loading={start.isPending} disabled={disabled} data-testid="members-export">
        {t('members.export')}
      </Button>
      <Modal
        open={jobId !== null}
        title={t('members.exportTitle')}
        onCancel={close}
        maskClosable={false}
        footer={
          <Space>
            {done && (
              <Button icon={<DownloadOutlined />} onClick={() => jobId !== null && save(jobId)} loading={saving}>
                {t('members.exportSaveAgain')}
              </Button>
            )}
            <Button type={done ? 'primary' : 'default'} onClick={close}>
              {t('common.close')}
            </Button>
          </Space>
        }
      >
        <Progress percent={percent} status={failed ? 'exception' : done ? 'success' : 'active'} data-testid="export-progress" />
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {failed
            ? t('members.exportFailed')
            : done
              ? saved
                ? t('members.exportSaved', { total: n(total) })
                : t('members.exportReady', { total: n(total) })
              : t('members.exportRunning', { written: n(written), total: n(total) })}
        </Typography.Paragraph>
        <Alert type="info" showIcon title={t('members.exportMasked')} />
      </Modal>
    </>
  );
}
