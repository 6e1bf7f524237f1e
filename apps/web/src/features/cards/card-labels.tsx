import type { CardState } from '@tongxing/domain';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const stateColor: Record<CardState, string> = {
  collected: 'default',
  applied: 'gold',
  issued: 'blue',
  activated: 'green',
  frozen: 'orange',
  lost: 'red',
  replaced: 'default',
  cancelled: 'default',
};

export function CardStateTag({ state }: { state: CardState }) {
  const { t } = useTranslation();
  return (
    <Tag color={stateColor[state]} data-testid="card-state" data-state={state}>
      {t(`cards.state.${state}`)}
    </Tag>
  );
}
