import type { ScheduleRowView } from '@tongxing/contracts';
import { useTranslation } from 'react-i18next';
import { yuan } from '../loan-money';
import type { Schedule } from '../portal-loans-api';

const statusClass: Record<NonNullable<ScheduleRowView['status']>, string> = {
  paid: 'tx-ml-row-paid',
  partial: 'tx-ml-row-partial',
  overdue: 'tx-ml-row-overdue',
  due: 'tx-ml-row-due',
  future: '',
};

/** The three totals of a schedule, large enough to read at arm's length. */
export function ScheduleSummary({ schedule }: { schedule: Schedule }) {
  const { t } = useTranslation();
  const first = schedule.rows[0];
  const even = schedule.rows.length > 1 && schedule.rows.slice(0, -1).every((r) => r.paymentFen === first?.paymentFen);
  return (
    <div className="tx-ml-summary" data-testid="m-loan-summary">
      <div className="tx-ml-summary-main">
        <span>{even ? t('portalLoans.calculator.monthlyPayment') : t('portalLoans.calculator.firstPayment')}</span>
        <strong data-testid="m-loan-first-payment">{first ? yuan(first.paymentFen) : '—'}</strong>
      </div>
      <div className="tx-ml-summary-row">
        <div>
          <span>{t('portalLoans.calculator.totalInterest')}</span>
          <b data-testid="m-loan-total-interest">{yuan(schedule.totalInterestFen)}</b>
        </div>
        <div>
          <span>{t('portalLoans.calculator.totalPayment')}</span>
          <b>{yuan(schedule.totalPaymentFen)}</b>
        </div>
        <div>
          <span>{t('portalLoans.calculator.totalPrincipal')}</span>
          <b>{yuan(schedule.totalPrincipalFen)}</b>
        </div>
      </div>
    </div>
  );
}

/**
 * Period by period: due date, payment, principal and interest; on a loan's own schedule each period
 * carries its state (paid, partly paid, overdue) as a mark and a colour.
 */
export function ScheduleTable({ rows, withStatus }: { rows: ScheduleRowView[]; withStatus?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="tx-ml-table" role="table" data-testid="m-loan-schedule">
      <div className="tx-ml-tr tx-ml-th" role="row">
        <span>{t('portalLoans.calculator.colK')}</span>
        <span>{t('portalLoans.calculator.colDue')}</span>
        <span>{t('portalLoans.calculator.colPayment')}</span>
        <span>{t('portalLoans.calculator.colPrincipal')}</span>
        <span>{t('portalLoans.calculator.colInterest')}</span>
      </div>
      {rows.map((r) => {
        const status = withStatus ? r.status : undefined;
        return (
          <div key={r.k} className={`tx-ml-tr ${status ? statusClass[status] : ''}`} role="row" data-testid="m-loan-schedule-row" data-status={status ?? ''}>
            <span>{r.k}</span>
            <span className="tx-ml-date">
              {r.dueDate}
              {status && status !== 'future' && <em className={`tx-ml-mark tx-ml-mark-${status}`}>{t(`portalLoans.row.${status}`)}</em>}
            </span>
            <span>{yuan(r.paymentFen)}</span>
            <span>{yuan(r.principalFen)}</span>
            <span>{yuan(r.interestFen)}</span>
          </div>
        );
      })}
    </div>
  );
}
