import { Toast } from 'antd-mobile';
import type { FormInstance } from 'antd-mobile/es/components/form';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from '../../shared/api-client';
import { fieldErrorText } from '../../shared/field-error-text';

/**
 * Shows a server problem on a phone: field errors under the matching form fields, anything else (and the
 * title when no field is named) as a toast. The texts come from the server in the page's language.
 */
export function usePortalError() {
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!(err instanceof ProblemError)) {
        Toast.show({ icon: 'fail', content: t('common.unexpectedError') });
        return;
      }
      const fields = err.problem.errors ?? [];
      const known = new Set((form?.getFieldsError() ?? []).map((f) => f.name.join('.')));
      const onForm = fields.filter((e) => known.has(e.path));
      const elsewhere = fields.filter((e) => !known.has(e.path));
      if (form && onForm.length > 0) form.setFields(onForm.map((e) => ({ name: e.path, errors: [fieldErrorText(e)] })));
      if (elsewhere.length > 0) Toast.show({ icon: 'fail', content: elsewhere.map(fieldErrorText).join('；') });
      else if (onForm.length === 0) Toast.show({ icon: 'fail', content: err.title });
    },
    [t],
  );
}
