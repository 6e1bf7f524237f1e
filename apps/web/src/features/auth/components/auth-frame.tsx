import { Card } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../../app/layout/language-switch';
import { useSystemInfo } from '../../../shared/system-info';

/** The red-banded frame shared by sign-in, enrolment and forced password change. */
export function AuthFrame({ title, wide, orgName, children }: { title: ReactNode; wide?: boolean; orgName?: string; children: ReactNode }) {
  const { t } = useTranslation();
  const info = useSystemInfo();
  const org = info.data?.federation?.name ?? orgName ?? t('app.defaultOrg');
  return (
    <div className="tx-auth-bg">
      <div className="tx-auth-lang">
        <LanguageSwitch variant="plain" />
      </div>
      <div className="tx-auth-brand">
        <span className="tx-logo" style={{ width: 48, height: 48, fontSize: 28, margin: '0 auto' }}>
          同
        </span>
        <h1>
          {t('app.product')} · {t('app.platform', { org })}
        </h1>
        <p>{t('app.tagline')}</p>
      </div>
      <Card className={wide ? 'tx-auth-card tx-auth-card-wide' : 'tx-auth-card'} title={title}>
        {children}
      </Card>
      <div className="tx-auth-footer">{t('auth.footer')}</div>
    </div>
  );
}
