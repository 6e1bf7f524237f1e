import type { CardState } from '@tongxing/domain';
import { Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

type TagColor = 'default' | 'primary' | 'success' | 'warning' | 'danger';

const stateColor: Record<CardState, TagColor> = {
  collected: 'default',
  applied: 'primary',
  issued: 'warning',
  activated: 'success',
  frozen: 'warning',
  lost: 'danger',
  replaced: 'default',
  cancelled: 'default',
};

/** The card's state as a member reads it. */
export function CardStateTag({ state, testId }: { state: CardState; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColor[state]} fill={state === 'activated' ? 'solid' : 'outline'} data-testid={testId} data-state={state}>
      {t(`portalCards.state.${state}`)}
    </Tag>
  );
}
