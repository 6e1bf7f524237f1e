import type { Loan } from '@tongxing/contracts';
import { lentStates } from '@tongxing/domain';
import { Button, Dialog, DotLoading, ErrorBlock, List, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ProblemError } from '../../../../shared/api-client';
import { orDash } from '../../../../shared/format';
import { PortalPage } from '../../components/portal-page';
import { usePortalError } from '../../portal-errors';
import { LoanProgress, LoanTimeline } from '../components/loan-progress';
import { ScheduleTable } from '../components/schedule-table';
import { LoanStateTag } from '../loan-state-tag';
import { bpsToPercentText, money } from '../loan-money';
import { useLoanAction, useMyLoan, useMyLoanSchedule } from '../portal-loans-api';
import { eligibilityReasons } from '../use-apply-flow';
import '../portal-loans.css';

/** The applicant side's own moves: the server's `actions` when it names them, else what the state allows. */
function applicantActions(loan: Loan): ('submit' | 'resubmit' | 'withdraw')[] {
  const fromServer = loan.actions.filter((a): a is 'submit' | 'resubmit' | 'withdraw' => a === 'submit' || a === 'resubmit' || a === 'withdraw');
  if (loan.actions.length > 0) return fromServer;
  const out: ('submit' | 'resubmit' | 'withdraw')[] = [];
  if (loan.state === 'draft') out.push('submit');
  if (loan.state === 'returned') out.push('resubmit');
  if (['draft', 'submitted', 'in_review', 'returned'].includes(loan.state)) out.push('withdraw');
  return out;
}

function LoanFacts({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const lent = lentStates.includes(loan.state);
  const term = loan.termMonths ?? loan.termRequestedMonths;
  return (
    <div className="tx-m-card">
      <List>
        <List.Item extra={loan.programmeName}>{t('portalLoans.detail.product')}</List.Item>
        <List.Item extra={money(loan.amountRequestedFen)}>{t('portalLoans.detail.amount')}</List.Item>
        {loan.approvedAmountFen !== null && <List.Item extra={money(loan.approvedAmountFen)}>{t('portalLoans.detail.approvedAmount')}</List.Item>}
        <List.Item extra={t('portalLoans.detail.months', { n: term })}>{t('portalLoans.detail.term')}</List.Item>
        {loan.annualRateBps !== null && <List.Item extra={`${bpsToPercentText(loan.annualRateBps)}%`}>{t('portalLoans.detail.rate')}</List.Item>}
        {loan.repaymentMethod && <List.Item extra={t(`portalLoans.method.${loan.repaymentMethod}`)}>{t('portalLoans.detail.method')}</List.Item>}
        {loan.bankName && <List.Item extra={loan.bankName}>{t('portalLoans.detail.bank')}</List.Item>}
        {loan.contractNo && <List.Item extra={<span className="tx-mono">{loan.contractNo}</span>}>{t('portalLoans.detail.contractNo')}</List.Item>}
        {lent && <List.Item extra={orDash(loan.disbursedOn)}>{t('portalLoans.detail.disbursedOn')}</List.Item>}
        {lent && <List.Item extra={orDash(loan.maturityOn)}>{t('portalLoans.detail.maturityOn')}</List.Item>}
      </List>
    </div>
  );
}

/** /m/loans/:id: the loan's state, where it stands in the review, its history, and once paid out its schedule. */
export function LoanDetailPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const { data: loan, isPending, error } = useMyLoan(id);
  const lent = !!loan && lentStates.includes(loan.state);
  const schedule = useMyLoanSchedule(id, lent);
  const action = useLoanAction();
  const showError = usePortalError();

  if (isPending) {
    return (
      <PortalPage title={t('portalLoans.detail.title')} back="/m/loans">
        <div style={{ textAlign: 'center', padding: 32 }}>
          <DotLoading color="primary" />
        </div>
      </PortalPage>
    );
  }
  if (!loan) {
    const missing = error instanceof ProblemError && error.status === 404;
    return (
      <PortalPage title={t('portalLoans.detail.title')} back="/m/loans">
        <ErrorBlock status={missing ? 'empty' : 'default'} title={missing ? t('portalLoans.detail.notFound') : t('common.unexpectedError')} description="" />
      </PortalPage>
    );
  }

  const lastReturn = loan.state === 'returned' ? [...loan.events].reverse().find((e) => e.event === 'return') : undefined;
  const actions = applicantActions(loan);
  const nextDue = schedule.data?.rows.find((r) => r.status === 'overdue' || r.status === 'due' || r.status === 'partial') ?? schedule.data?.rows.find((r) => r.status === 'future');

  const act = async (which: 'submit' | 'resubmit' | 'withdraw') => {
    if (which === 'withdraw' && !(await Dialog.confirm({ content: t('portalLoans.detail.withdrawConfirm'), confirmText: t('common.confirm'), cancelText: t('common.cancel') }))) return;
    action.mutate(
      { id: loan.id, action: which },
      {
        onSuccess: () => Toast.show({ icon: 'success', content: which === 'withdraw' ? t('portalLoans.detail.withdrawn') : t('portalLoans.detail.resubmitted') }),
        onError: (err) => {
          const reasons = eligibilityReasons(err);
          if (reasons) void Dialog.alert({ title: t('portalLoans.apply.refusedTitle'), content: reasons.map((r) => (i18n.language === 'en' ? r.en : r.zh)).join('；'), confirmText: t('common.confirm') });
          else showError(err);
        },
      },
    );
  };

  return (
    <PortalPage title={t('portalLoans.detail.title')} back="/m/loans">
      <div className="tx-ml-head" data-testid="m-loan-detail">
        <div className="tx-ml-head-top">
          <div>
            <div className="tx-ml-loan-name">{loan.productName}</div>
            <div className="tx-ml-loan-ref">{loan.reference}</div>
          </div>
          <LoanStateTag state={loan.state} />
        </div>
        <div className="tx-ml-head-amount">
          {money(lent ? loan.principalOutstandingFen : (loan.approvedAmountFen ?? loan.amountRequestedFen))}
          <small>{lent ? t('portalLoans.detail.outstanding') : loan.approvedAmountFen !== null ? t('portalLoans.detail.approvedAmount') : t('portalLoans.detail.amount')}</small>
        </div>
        {lastReturn && <div className="tx-ml-notice tx-ml-notice-warn">{t('portalLoans.detail.returnedHint', { reason: lastReturn.comment ?? '' })}</div>}
        {nextDue && loan.state === 'repaying' && (
          <div className={`tx-ml-notice ${nextDue.status === 'overdue' ? 'tx-ml-notice-warn' : 'tx-ml-notice-info'}`} data-testid="m-loan-next-due">
            {t('portalLoans.detail.nextDue')}：{nextDue.dueDate} · {money(nextDue.paymentFen - (nextDue.paidInterestFen ?? 0) - (nextDue.paidPrincipalFen ?? 0))}
          </div>
        )}
      </div>

      {lent && (
        <>
          <div className="tx-m-section-title">
            {t('portalLoans.detail.schedule')}
            {schedule.data ? ` · ${t('portalLoans.detail.periods', { n: schedule.data.rows.length })}` : ''}
          </div>
          <div className="tx-m-card tx-ml-table-card">
            {schedule.data ? (
              <ScheduleTable rows={schedule.data.rows} withStatus />
            ) : (
              <div style={{ textAlign: 'center', padding: 20 }}>
                <DotLoading color="primary" />
              </div>
            )}
          </div>
        </>
      )}

      <div className="tx-m-section-title">{t('portalLoans.detail.progress')}</div>
      <LoanProgress loan={loan} />
      <LoanFacts loan={loan} />
      <div className="tx-m-section-title">{t('portalLoans.detail.timeline')}</div>
      <LoanTimeline loan={loan} />

      {actions.length > 0 && (
        <div className="tx-m-actions">
          {actions.includes('submit') && (
            <Button block color="primary" size="large" loading={action.isPending} onClick={() => void act('submit')} data-testid="m-loan-submit">
              {t('portalLoans.detail.submitDraft')}
            </Button>
          )}
          {actions.includes('resubmit') && (
            <Button block color="primary" size="large" loading={action.isPending} onClick={() => void act('resubmit')} data-testid="m-loan-resubmit">
              {t('portalLoans.detail.resubmit')}
            </Button>
          )}
          {actions.includes('withdraw') && (
            <Button block size="large" color="danger" fill="outline" loading={action.isPending} onClick={() => void act('withdraw')} data-testid="m-loan-withdraw">
              {t('portalLoans.detail.withdraw')}
            </Button>
          )}
        </div>
      )}
      <Button block fill="none" style={{ marginTop: 8, color: '#1f5fae' }} onClick={() => void navigate('/m/loans')}>
        {t('portalLoans.mine.title')}
      </Button>
    </PortalPage>
  );
}
