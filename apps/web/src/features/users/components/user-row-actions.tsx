import { DownOutlined } from '@ant-design/icons';
import type { User } from '@tongxing/contracts';
import { App, Button, Dropdown, Space } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useApiError } from '../../../shared/use-api-error';
import { usePatchUser, useUserAction, type UserAction } from '../users-api';

interface Props {
  user: User;
  onEdit: () => void;
  onResetPassword: () => void;
}

export function UserRowActions({ user, onEdit, onResetPassword }: Props) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const action = useUserAction();
  const patch = usePatchUser();
  const showError = useApiError();
  const active = user.status === 'active';

  const run = (kind: UserAction, done: string) =>
    action.mutateAsync({ id: user.id, action: kind }).then(() => void message.success(done), (e: unknown) => showError(e));

  const items: MenuProps['items'] = [
    { key: 'reset-password', label: t('users.resetPassword') },
    { key: 'unlock', label: t('users.unlock'), disabled: !user.locked },
    { key: 'end-sessions', label: t('users.endSessions') },
    { key: 'reset-totp', label: t('users.resetTotp'), disabled: !user.totpEnabled },
    { type: 'divider' },
    { key: 'status', label: active ? t('common.disable') : t('common.enable'), danger: active },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    const name = user.displayName;
    switch (key) {
      case 'reset-password':
        onResetPassword();
        break;
      case 'unlock':
        void run('unlock', t('users.unlocked'));
        break;
      case 'end-sessions':
        modal.confirm({ title: t('users.endSessionsConfirm', { name }), onOk: () => run('end-sessions', t('users.sessionsEnded')) });
        break;
      case 'reset-totp':
        modal.confirm({
          title: t('users.resetTotpConfirm', { name }),
          content: t('users.resetTotpHint'),
          okButtonProps: { danger: true },
          onOk: () => run('reset-totp', t('users.totpReset')),
        });
        break;
      case 'status':
        modal.confirm({
          title: active ? t('users.disableConfirm', { name }) : t('users.enableConfirm', { name }),
          content: active ? t('users.disableHint') : undefined,
          okButtonProps: { danger: active },
          onOk: () =>
            patch
              .mutateAsync({ id: user.id, patch: { status: active ? 'disabled' : 'active' } })
              .then(() => void message.success(active ? t('users.disabled') : t('users.enabled')), (e: unknown) => showError(e)),
        });
        break;
    }
  };

  return (
    <Space size={0}>
      <Button type="link" size="small" onClick={onEdit}>
        {t('common.edit')}
      </Button>
      <Dropdown menu={{ items, onClick }} trigger={['click']}>
        <Button type="link" size="small">
          {t('common.more')} <DownOutlined style={{ fontSize: 10 }} />
        </Button>
      </Dropdown>
    </Space>
  );
}
