import type { LoanListItem } from '@tongxing/contracts';
import { Button, DotLoading, ErrorBlock } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTimeShort } from '../../../../shared/format';
import { PortalPage } from '../../components/portal-page';
import { LoanStateTag } from '../loan-state-tag';
import { money } from '../loan-money';
import { useMyLoans } from '../portal-loans-api';
import '../portal-loans.css';

function LoanCard({ loan }: { loan: LoanListItem }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const lent = loan.state === 'repaying' || loan.state === 'defaulted';
  const amount = loan.approvedAmountFen ?? loan.amountRequestedFen;
  return (
    <div className="tx-ml-loan" role="link" onClick={() => void navigate(`/m/loans/${loan.id}`)} data-testid="m-loan-card" data-reference={loan.reference}>
      <div className="tx-ml-loan-head">
        <div>
          <div className="tx-ml-loan-name">{loan.productName}</div>
          <div className="tx-ml-loan-ref">{loan.reference}</div>
        </div>
        <LoanStateTag state={loan.state} />
      </div>
      <div className="tx-ml-loan-amount">
        {money(lent ? loan.principalOutstandingFen : amount)}
        <small>{lent ? t('portalLoans.mine.outstanding') : loan.approvedAmountFen !== null ? t('portalLoans.mine.approvedAmount') : t('portalLoans.mine.amount')}</small>
      </div>
      <div className="tx-ml-loan-foot">
        {loan.daysPastDue > 0 ? (
          <span className="tx-ml-loan-late">{t('portalLoans.mine.daysPastDue', { days: loan.daysPastDue })}</span>
        ) : loan.stepName && (loan.state === 'submitted' || loan.state === 'in_review' || loan.state === 'returned') ? (
          <span className="tx-ml-loan-step">
            {t('portalLoans.mine.step')}：{loan.stepName}
          </span>
        ) : (
          <span>{loan.programmeName}</span>
        )}
        <span>{loan.submittedAt ? formatDateTimeShort(loan.submittedAt).slice(0, 10) : ''}</span>
      </div>
    </div>
  );
}

/** /m/loans: the member's loans and applications, newest first, each leading to its detail. */
export function MyLoansPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data, isPending, isError, refetch } = useMyLoans();
  const items = data?.items ?? [];
  return (
    <PortalPage title={t('portalLoans.mine.title')} back="/m">
      {isPending ? (
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      ) : isError ? (
        <ErrorBlock status="default" title={t('common.unexpectedError')} description={<a onClick={() => void refetch()}>{t('portal.retry')}</a>} />
      ) : items.length === 0 ? (
        <div className="tx-m-card" style={{ padding: '28px 16px 20px', textAlign: 'center' }} data-testid="m-loans-empty">
          <div style={{ fontSize: 40, lineHeight: 1, color: '#e8a0a3' }}>¥</div>
          <p style={{ color: '#888', margin: '10px 0 18px' }}>{t('portalLoans.mine.empty')}</p>
        </div>
      ) : (
        items.map((loan) => <LoanCard key={loan.id} loan={loan} />)
      )}
      <div className="tx-m-actions">
        <Button block color="primary" size="large" onClick={() => void navigate('/m/loans/apply')} data-testid="m-loans-apply">
          {t('portalLoans.mine.apply')}
        </Button>
        <Button block size="large" onClick={() => void navigate('/m/loans/calculator')} data-testid="m-loans-calculator">
          {t('portalLoans.mine.calculator')}
        </Button>
      </div>
    </PortalPage>
  );
}
