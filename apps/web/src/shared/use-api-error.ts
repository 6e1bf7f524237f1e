import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemError } from './api-client';
import { fieldErrorText } from './field-error-text';

type NamePath = (string | number)[];

/** `grants.0.unitIds` → ['grants', 0, 'unitIds'], the shape antd Form uses for nested fields. */
export function toNamePath(path: string): NamePath {
  return path
    .split('.')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function hasField(values: unknown, path: NamePath): boolean {
  let cursor: unknown = values;
  for (const key of path) {
    if (typeof cursor !== 'object' || cursor === null || !(key in cursor)) return false;
    cursor = (cursor as Record<string | number, unknown>)[key];
  }
  return true;
}

/**
 * Shows a server problem: field errors go onto the matching form fields, the localized title goes into
 * a message, and errors for fields the form does not show are listed so nothing is swallowed.
 */
export function applyProblemToForm(form: FormInstance | undefined, err: ProblemError): string[] {
  const fieldErrors = err.problem.errors ?? [];
  if (!form || fieldErrors.length === 0) return fieldErrors.map(fieldErrorText);
  const registered = form.getFieldsValue() as unknown;
  const grouped = new Map<string, string[]>();
  const unmatched: string[] = [];
  for (const e of fieldErrors) {
    const path = toNamePath(e.path);
    const text = fieldErrorText(e);
    if (path.length > 0 && hasField(registered, path)) grouped.set(e.path, [...(grouped.get(e.path) ?? []), text]);
    else unmatched.push(e.path ? `${e.path}: ${text}` : text);
  }
  form.setFields([...grouped].map(([path, errors]) => ({ name: toNamePath(path), errors })));
  return unmatched;
}

export function useApiError() {
  const { message, notification } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!(err instanceof ProblemError)) {
        notification.error({ title: t('common.unexpectedError'), description: err instanceof Error ? err.message : String(err) });
        return;
      }
      // The shell already navigates to the sign-in page for these.
      if (err.is('UNAUTHENTICATED') || err.is('SESSION_EXPIRED')) return;
      const unmatched = applyProblemToForm(form, err);
      if (unmatched.length > 0) {
        notification.error({ title: err.title, description: unmatched.join('；') });
      } else if (err.status >= 500) {
        notification.error({ title: err.title, description: `${t('common.requestId')}: ${err.problem.requestId}` });
      } else {
        void message.error(err.title);
      }
    },
    [message, notification, t],
  );
}
