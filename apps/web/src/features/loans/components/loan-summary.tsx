import { FilePdfOutlined } from '@ant-design/icons';
import type { Loan } from '@tongxing/contracts';
import { lentStates } from '@tongxing/domain';
import { Button, Card, Descriptions, Space, Statistic } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTimeShort, orDash } from '../../../shared/format';
import { useApiError } from '../../../shared/use-api-error';
import { hasPermission, useCurrentUser } from '../../auth/auth-api';
import { programmeProduct, ratePct, yuan } from '../loan-format';
import { LoanStateTag, ModelWorkerMark } from '../loan-labels';
import { downloadLoanForm } from '../loans-api';

/** Masked borrower numbers, when the server sends them (never the clear ones). */
function maskedOf(loan: Loan, key: 'borrowerIdNumberMasked' | 'borrowerPhoneMasked'): string | null {
  const value = (loan as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : null;
}

/** The loan's head: reference, borrower, state, the amounts, and the application as entered. */
export function LoanSummary({ loan }: { loan: Loan }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const showError = useApiError();
  const [printing, setPrinting] = useState(false);
  const canExport = hasPermission(me, 'loan:export');
  const mono = (v: string | null | undefined) => <span className="tx-mono">{orDash(v)}</span>;

  const printForm = () => {
    setPrinting(true);
    downloadLoanForm(loan.id, `${t('loans.detail.formFile')}-${loan.reference}.pdf`)
      .catch((err: unknown) => showError(err))
      .finally(() => setPrinting(false));
  };

  const item = (key: string, label: string, children: ReactNode, span?: number) => ({ key, label, children, ...(span ? { span } : {}) });
  const idMasked = maskedOf(loan, 'borrowerIdNumberMasked');
  const enterprise = loan.borrowerType === 'enterprise' || loan.enterpriseName;
  const items = [
    item('borrower', t('loans.borrower'), <Space size={6}>{loan.borrowerName}{idMasked && mono(idMasked)}</Space>),
    item('org', t('loans.applicantUnion'), <span>{loan.orgName}{loan.districtName && <span className="tx-muted"> · {loan.districtName}</span>}</span>),
    item('product', t('loans.product'), programmeProduct(loan)),
    item('type', t('loans.borrowerType'), t(`loans.borrowerTypes.${loan.borrowerType}`)),
    item('method', t('loans.method'), loan.repaymentMethod ? t(`loans.methods.${loan.repaymentMethod}`) : '—'),
    item('submittedAt', t('loans.submittedAt'), mono(formatDateTimeShort(loan.submittedAt))),
    item('purpose', t('loans.purpose'), loan.purpose, 3),
    ...(enterprise
      ? [
          item('enterprise', t('loans.enterprise'), orDash(loan.enterpriseName)),
          item('uscc', t('loans.creditCode'), mono(loan.enterpriseCreditCode)),
          item('founded', t('loans.foundedOn'), mono(loan.enterpriseFoundedOn)),
          item('employees', t('loans.employees'), orDash(loan.enterpriseEmployees)),
          item('industry', t('loans.industry'), orDash(loan.enterpriseIndustry)),
        ]
      : []),
    item('jobs', t('loans.jobs'), t('loans.jobsValue', { expected: loan.jobsExpected, created: loan.jobsCreated })),
    item('credit', t('loans.noBadCredit'), loan.declaresNoBadCredit ? t('loans.declared') : <span className="tx-overdue">{t('loans.notDeclared')}</span>),
    item('bank', t('loans.bank'), orDash(loan.bankName)),
    item('insurer', loan.guarantorName ? t('loans.guarantor') : t('loans.insurer'), orDash(loan.guarantorName ?? loan.insurerName)),
    item('stepOrg', t('loans.stepOrg'), orDash(loan.stepOrgName)),
    item('contract', t('loans.contractNo'), mono(loan.contractNo)),
    item('policy', loan.guaranteeNo ? t('loans.guaranteeNo') : t('loans.policyNo'), mono(loan.guaranteeNo ?? loan.policyNo)),
    item('dates', t('loans.disbursedMaturity'), mono(loan.disbursedOn ? `${loan.disbursedOn} ~ ${loan.maturityOn ?? ''}` : null)),
  ];

  return (
    <Card
      size="small"
      className="tx-loan-head"
      title={
        <Space size={10}>
          <span className="tx-mono" style={{ fontSize: 16 }} data-testid="loan-reference">
            {loan.reference}
          </span>
          <LoanStateTag state={loan.state} stepName={loan.stepName} />
          <ModelWorkerMark level={loan.modelWorkerLevel} />
          <span className="tx-muted" style={{ fontWeight: 'normal', fontSize: 13 }}>
            {loan.borrowerName}
            {loan.enterpriseName ? ` · ${loan.enterpriseName}` : ''}
          </span>
        </Space>
      }
      extra={
        canExport && (
          <Button size="small" icon={<FilePdfOutlined />} loading={printing} onClick={printForm} data-testid="loan-form-pdf">
            {t('loans.detail.printForm')}
          </Button>
        )
      }
    >
      <div className="tx-loan-amounts">
        <Statistic title={t('loans.amountRequested')} value={yuan(loan.amountRequestedFen)} />
        <Statistic title={t('loans.amountApproved')} value={yuan(loan.approvedAmountFen)} />
        <Statistic title={t('loans.rate')} value={ratePct(loan.annualRateBps)} />
        <Statistic title={t('loans.term')} value={t('loans.months', { count: loan.termMonths ?? loan.termRequestedMonths })} />
        {/* Nothing is owed before the money is lent: a dash, not ¥0.00. */}
        <Statistic title={t('loans.outstanding')} value={lentStates.includes(loan.state) ? yuan(loan.principalOutstandingFen) : '—'} />
        {loan.daysPastDue > 0 && <Statistic title={t('loans.daysPastDue')} value={t('loans.days', { count: loan.daysPastDue })} styles={{ content: { color: '#cf1322' } }} />}
      </div>
      <Descriptions size="small" bordered column={3} items={items} data-testid="loan-descriptions" />
    </Card>
  );
}
