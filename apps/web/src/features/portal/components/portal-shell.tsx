import { useQueryClient } from '@tanstack/react-query';
import { ConfigProvider, unstableSetRender } from 'antd-mobile';
import enUS from 'antd-mobile/es/locales/en-US';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import { useEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { onSessionProblem, setCsrfToken } from '../../../shared/api-client';
import { portalKeys } from '../portal-api';
import '../portal.css';

// antd-mobile 5 mounts toasts and dialogs with the React 18 API; under React 19 it needs createRoot.
unstableSetRender((node, container) => {
  const root = createRoot(container);
  root.render(node);
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
  };
});

/**
 * The frame of every portal page, outside the staff console and its guards: its own session handling (a
 * 401 under a portal page forgets the member, and the member guard sends the phone to /m/login — never
 * to the staff sign-in), antd-mobile in the page's language, and a phone-width column.
 */
export function PortalRoot() {
  const queryClient = useQueryClient();
  const { i18n } = useTranslation();

  useEffect(() => {
    onSessionProblem((kind) => {
      if (kind !== 'UNAUTHENTICATED') return;
      setCsrfToken(null);
      queryClient.setQueryData(portalKeys.me, null);
    });
    return () => onSessionProblem(null);
  }, [queryClient]);

  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <div className="tx-m">
        <Outlet />
      </div>
    </ConfigProvider>
  );
}
