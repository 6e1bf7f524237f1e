import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Recovery codes are shown once: the person must copy or download them and say so before moving on. */
export function RecoveryCodes({ codes, username, onContinue, continueLabel }: {
  codes: string[];
  username: string;
  onContinue: () => void;
  continueLabel?: string;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      void message.success(t('common.copied'));
    } catch {
      void message.warning(t('auth.recoveryIntro'));
    }
  };
  const download = () => {
    const header = t('auth.recoveryFileHeader', { username, time: dayjs().format('YYYY-MM-DD HH:mm') });
    const blob = new Blob([`${header}\n\n${codes.join('\n')}\n`], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `tongxing-recovery-codes-${username}.txt`;
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Space orientation="vertical" size={14} style={{ width: '100%' }}>
      <Alert type="warning" showIcon title={t('auth.recoveryTitle')} description={t('auth.recoveryIntro')} />
      <div className="tx-codes tx-mono" data-testid="recovery-codes">
        {codes.map((code) => (
          <span key={code}>{code}</span>
        ))}
      </div>
      <Space>
        <Button icon={<CopyOutlined />} onClick={() => void copy()}>
          {t('auth.copyAll')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={download}>
          {t('auth.downloadTxt')}
        </Button>
      </Space>
      <Checkbox checked={saved} onChange={(e) => setSaved(e.target.checked)} data-testid="recovery-saved">
        {t('auth.savedCheck')}
      </Checkbox>
      <Button type="primary" block disabled={!saved} onClick={onContinue} data-testid="recovery-continue">
        {continueLabel ?? t('auth.continue')}
      </Button>
    </Space>
  );
}
