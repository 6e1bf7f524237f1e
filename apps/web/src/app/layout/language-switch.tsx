import { CheckOutlined, GlobalOutlined } from '@ant-design/icons';
import { Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLanguage } from '../language';

/** 中文 / English; signed in, the choice is also saved to the account. */
export function LanguageSwitch({ variant }: { variant: 'header' | 'plain' }) {
  const { t } = useTranslation();
  const { lang, setLang } = useLanguage();
  const items: MenuProps['items'] = [
    { key: 'zh-CN', label: t('common.languageZh'), icon: lang === 'zh-CN' ? <CheckOutlined /> : <span style={{ width: 12 }} /> },
    { key: 'en', label: t('common.languageEn'), icon: lang === 'en' ? <CheckOutlined /> : <span style={{ width: 12 }} /> },
  ];
  return (
    <Dropdown
      trigger={['click']}
      placement="bottomRight"
      menu={{ items, selectable: true, selectedKeys: [lang], onClick: ({ key }) => setLang(key === 'en' ? 'en' : 'zh-CN') }}
    >
      <span className={variant === 'header' ? 'tx-lang tx-lang-header' : 'tx-lang'} data-testid="language-switch" title={t('layout.language')}>
        <GlobalOutlined />
        <span>{lang === 'en' ? 'English' : '中文'}</span>
      </span>
    </Dropdown>
  );
}
