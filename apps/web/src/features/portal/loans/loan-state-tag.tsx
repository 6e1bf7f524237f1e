import type { LoanState } from '@tongxing/domain';
import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

type TagColor = 'default' | 'primary' | 'success' | 'warning' | 'danger';

const stateColor: Record<LoanState, TagColor> = {
  draft: 'default',
  submitted: 'primary',
  in_review: 'primary',
  returned: 'warning',
  approved: 'success',
  repaying: 'success',
  settled: 'default',
  withdrawn: 'default',
  rejected: 'danger',
  defaulted: 'danger',
  claimed: 'danger',
  recovered: 'default',
  written_off: 'default',
};

/** The loan's state as a member reads it. */
export function LoanStateTag({ state }: { state: LoanState }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColor[state]} fill={state === 'repaying' || state === 'approved' ? 'solid' : 'outline'} className="tx-ml-state" data-testid="m-loan-state" data-state={state}>
      {t(`portalLoans.state.${state}`)}
    </Tag>
  );
}
