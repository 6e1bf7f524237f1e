import { operatingStatusLabels, type LoanVisit } from '@tongxing/contracts';
import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../shared/i18n';

/** 'M+3' → 放款后 3 个月, 'T-1' → 到期前 1 个月; anything else as the plan named it. */
export function visitNodeLabel(label: string, t: TFunction): string {
  const after = /^M\+(\d+)$/.exec(label);
  if (after) return t('loanVisits.nodeAfter', { n: Number(after[1]) });
  const before = /^T-(\d+)$/.exec(label);
  if (before) return t('loanVisits.nodeBefore', { n: Number(before[1]) });
  return label;
}

const operatingColor: Record<NonNullable<LoanVisit['operatingStatus']>, string> = {
  normal: 'green',
  difficult: 'orange',
  suspended: 'red',
  closed: 'default',
};

export function OperatingTag({ status }: { status: LoanVisit['operatingStatus'] }) {
  const { i18n } = useTranslation();
  if (!status) return <span className="tx-muted">—</span>;
  return <Tag color={operatingColor[status]}>{pickLabel(operatingStatusLabels[status], i18n.language)}</Tag>;
}

export function RiskTag({ flag }: { flag: boolean }) {
  const { t } = useTranslation();
  return flag ? (
    <Tag color="error" data-testid="visit-risk">
      {t('loanVisits.riskYes')}
    </Tag>
  ) : (
    <span className="tx-muted">{t('loanVisits.riskNo')}</span>
  );
}
