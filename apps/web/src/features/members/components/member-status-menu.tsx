import { DownOutlined } from '@ant-design/icons';
import type { Member } from '@tongxing/contracts';
import type { MemberStatus } from '@tongxing/domain';
import { App, Button, Dropdown } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../../shared/api-client';
import { useApiError } from '../../../shared/use-api-error';
import { useMemberLabels } from '../member-labels';
import { usePatchMember } from '../members-api';

/**
 * Status changes a cadre may make, as the server allows them; moving to another union in the city is a
 * transfer (办理转出), not a status.
 */
export const statusMoves: Record<MemberStatus, MemberStatus[]> = {
  active: ['retired', 'withdrawn', 'deceased', 'transferred_out'],
  retired: ['active', 'deceased'],
  withdrawn: ['active'],
  transferred_out: ['active'],
  deceased: [],
};

export function MemberStatusMenu({ member, onConflict }: { member: Member; onConflict: () => void }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const labels = useMemberLabels();
  const patch = usePatchMember();
  const showError = useApiError();
  const moves = statusMoves[member.status];

  const actionLabel = (to: MemberStatus) => t(`members.statusAction.${member.status === 'active' ? to : `back_${to}`}`, { defaultValue: labels.status(to) });

  const confirm = (to: MemberStatus) =>
    modal.confirm({
      title: t('members.statusConfirm', { name: member.name, status: labels.status(to) }),
      content: t(`members.statusHint.${to}`, { defaultValue: '' }) || undefined,
      okButtonProps: { danger: to !== 'active' },
      onOk: () =>
        patch.mutateAsync({ id: member.id, patch: { status: to, version: member.version } }).then(
          () => void message.success(t('members.statusChanged', { status: labels.status(to) })),
          (err: unknown) => {
            if (err instanceof ProblemError && err.is('CONFLICT')) {
              modal.warning({ title: t('members.conflictTitle'), content: t('members.conflictText') });
              onConflict();
            } else showError(err);
          },
        ),
    });

  const items: MenuProps['items'] = moves.map((to) => ({ key: to, label: actionLabel(to), danger: to === 'deceased' }));
  return (
    <Dropdown menu={{ items, onClick: ({ key }) => confirm(key as MemberStatus) }} trigger={['click']} disabled={moves.length === 0}>
      <Button size="small" loading={patch.isPending} data-testid="member-status-menu">
        {t('members.changeStatus')} <DownOutlined style={{ fontSize: 10 }} />
      </Button>
    </Dropdown>
  );
}
