import { Collapse, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SystemInfo } from '@tongxing/contracts';

/** In demo mode only: the demo accounts, one click fills the sign-in form. */
export function DemoAccounts({ demo, onPick }: { demo: NonNullable<SystemInfo['demo']>; onPick: (username: string, password: string) => void }) {
  const { t, i18n } = useTranslation();
  return (
    <Collapse
      size="small"
      ghost
      style={{ marginTop: 12 }}
      items={[
        {
          key: 'demo',
          label: <Typography.Text type="secondary">{t('auth.demoTitle', { password: demo.password })}</Typography.Text>,
          children: (
            <div className="tx-demo-accounts" data-testid="demo-accounts">
              {demo.accounts.map((a) => (
                <a key={a.username} onClick={() => onPick(a.username, demo.password)} title={i18n.language === 'en' ? a.en : a.zh}>
                  <code>{a.username}</code> <span className="tx-muted">{i18n.language === 'en' ? a.en : a.zh}</span>
                </a>
              ))}
            </div>
          ),
        },
      ]}
    />
  );
}
