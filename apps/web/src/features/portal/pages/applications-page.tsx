import { DotLoading, Empty } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { PortalPage } from '../components/portal-page';
import { useMyApplications } from '../portal-api';
import { OutcomeCard } from './join-status-page';

/** /m/applications: the member's join applications (by phone or ID number), newest first. */
export function PortalApplicationsPage() {
  const { t } = useTranslation();
  const { data, isPending } = useMyApplications();
  return (
    <PortalPage title={t('portal.applications.title')} back="/m">
      {isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : (data?.items ?? []).length === 0 ? (
        <Empty description={t('portal.applications.empty')} />
      ) : (
        data?.items.map((a) => <OutcomeCard key={a.reference} outcome={a} />)
      )}
    </PortalPage>
  );
}
