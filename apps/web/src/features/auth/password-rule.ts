import { fieldMessages } from '@tongxing/contracts';
import { checkPassword, defaultStaffPolicy } from '@tongxing/domain';
import type { FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../shared/i18n';

/**
 * The staff password policy checked before sending (≥ 8 characters, 3 of 4 classes, not the username).
 * The server holds the configured policy and has the last word; its field errors land on the same field.
 */
export function usePasswordPolicyRule(username: () => string | undefined): FormRule {
  const { i18n } = useTranslation();
  return {
    validator: async (_rule, value: string | undefined) => {
      if (!value) return;
      const problems = checkPassword(value, username() ?? '', defaultStaffPolicy);
      if (problems.length > 0) throw new Error(problems.map((p) => pickLabel(fieldMessages[p], i18n.language)).join('；'));
    },
  };
}
