import { Button, Dialog, List, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { orDash } from '../../../shared/format';
import { PortalPage } from '../components/portal-page';
import { useMemberLogout, usePortalMe } from '../portal-api';
import { useDictionaryLabels } from '../portal-labels';

/** /m: the member's card (numbers masked), their union, and the member services. */
export function PortalHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me } = usePortalMe();
  const logout = useMemberLogout();
  const labels = useDictionaryLabels();
  if (!me) return null;
  const level = labels.modelWorker(me.modelWorkerLevel);

  const signOut = async () => {
    if (!(await Dialog.confirm({ content: t('portal.home.logoutConfirm'), confirmText: t('common.confirm'), cancelText: t('common.cancel') }))) return;
    logout.mutate(undefined, {
      onSettled: () => {
        Toast.show({ content: t('portal.home.loggedOut') });
        void navigate('/m/login', { replace: true });
      },
    });
  };

  return (
    <PortalPage title={t('portal.home.title')}>
      <div className="tx-m-member-card" data-testid="m-member-card">
        <div className="tx-m-card-label">{t('portal.home.card')}</div>
        <div className="tx-m-card-name">
          {me.name}
          {level && <span className="tx-m-badge">{level}</span>}
        </div>
        <div className="tx-m-card-union">{me.union.name}</div>
        <dl>
          <dt>{labels.idType(me.idType)}</dt>
          <dd data-testid="m-id-masked">{me.idNumberMasked}</dd>
          <dt>{t('portal.home.phone')}</dt>
          <dd>{orDash(me.phoneMasked)}</dd>
          <dt>{t('portal.home.joinDate')}</dt>
          <dd>{orDash(me.joinDate)}</dd>
        </dl>
      </div>

      <div className="tx-m-section-title">{t('portal.home.union')}</div>
      <div className="tx-m-card">
        <List>
          <List.Item description={me.union.shortName ?? undefined} data-testid="m-union">
            {me.union.name}
          </List.Item>
          {me.union.streetName && <List.Item extra={me.union.streetName}>{t('portal.home.street')}</List.Item>}
          {me.union.districtName && <List.Item extra={me.union.districtName}>{t('portal.home.district')}</List.Item>}
          {me.union.contactPhone && (
            <List.Item extra={<a href={`tel:${me.union.contactPhone}`}>{me.union.contactPhone}</a>}>{t('portal.home.officePhone')}</List.Item>
          )}
          <List.Item extra={orDash(me.employer)}>{t('portal.home.employer')}</List.Item>
          <List.Item extra={labels.category(me.category)}>{t('portal.home.category')}</List.Item>
        </List>
      </div>

      <div className="tx-m-section-title">{t('portal.home.services')}</div>
      <div className="tx-m-card">
        <List>
          <List.Item onClick={() => void navigate('/m/card')} description={t('portalCards.entryHint')} data-testid="m-to-card">
            {t('portalCards.entry')}
          </List.Item>
          <List.Item onClick={() => void navigate('/m/merchants')} description={t('portalMerchants.entryHint')} data-testid="m-to-merchants">
            {t('portalMerchants.entry')}
          </List.Item>
          <List.Item onClick={() => void navigate('/m/loans')} description={t('portalLoans.entryHint')} data-testid="m-to-loans">
            {t('portalLoans.entry')}
          </List.Item>
          <List.Item onClick={() => void navigate('/m/loans/calculator')} data-testid="m-to-loan-calculator">
            {t('portalLoans.calculatorEntry')}
          </List.Item>
          <List.Item onClick={() => void navigate('/m/applications')} data-testid="m-to-applications">
            {t('portal.applications.title')}
          </List.Item>
          <List.Item onClick={() => void navigate('/m/password')}>{t('portal.password.title')}</List.Item>
        </List>
      </div>
      <Button block size="large" onClick={() => void signOut()} loading={logout.isPending} data-testid="m-logout" style={{ marginTop: 20 }}>
        {t('portal.home.logout')}
      </Button>
    </PortalPage>
  );
}
