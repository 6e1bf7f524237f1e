import { NavBar } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { applyLanguage } from '../../../app/language';

/** 中 / EN: the choice is kept in this browser like the console's. */
export function PortalLangSwitch({ light }: { light?: boolean }) {
  const { i18n } = useTranslation();
  const english = i18n.language === 'en';
  return (
    <button type="button" className={light ? 'tx-m-lang tx-m-lang-light' : 'tx-m-lang'} onClick={() => applyLanguage(english ? 'zh-CN' : 'en')} data-testid="m-lang">
      {english ? '中文' : 'EN'}
    </button>
  );
}

/** A portal page: a navigation bar with its title, a way back, and the language switch. */
export function PortalPage({ title, back, children }: { title: ReactNode; back?: string; children: ReactNode }) {
  const navigate = useNavigate();
  const { t } = useTranslation();
  return (
    <>
      <NavBar className="tx-m-nav" back={back ? t('portal.back') : null} backIcon={!!back} onBack={() => back && void navigate(back)} right={<PortalLangSwitch />}>
        {title}
      </NavBar>
      <div className="tx-m-body">{children}</div>
    </>
  );
}

/** The red band of the entry pages (sign-in, joining): the federation and the service. */
export function PortalHero({ federation, title, subtitle, flat }: { federation: string; title: string; subtitle: string; flat?: boolean }) {
  return (
    <div className={flat ? 'tx-m-hero tx-m-hero-flat' : 'tx-m-hero'}>
      <div className="tx-m-hero-top">
        <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <span className="tx-m-logo">同</span>
          <span style={{ fontSize: 15 }}>{federation}</span>
        </span>
        <PortalLangSwitch light />
      </div>
      <h1>{title}</h1>
      <p>{subtitle}</p>
    </div>
  );
}
