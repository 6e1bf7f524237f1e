import { CheckCircleFilled } from '@ant-design/icons';
import { fieldMessages } from '@tongxing/contracts';
import { carriesFacts, checkIdNumber, factsFromIdNumber, normaliseIdNumber, type IdType } from '@tongxing/domain';
import { Form, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import { pickLabel } from '../../../shared/i18n';

/** What a typed number tells: its problem (format, check digit…), or the birth date and gender it carries. */
export function readIdNumber(type: IdType, value: string | undefined) {
  const n = normaliseIdNumber(value ?? '');
  if (n === '') return { n, problem: null, facts: null };
  const problem = checkIdNumber(type, n);
  const facts = problem === null && carriesFacts(type) ? factsFromIdNumber(n) : null;
  return { n, problem, facts };
}

/** Checks the number as it is typed, with the same GB 11643 rules the server applies. */
export function useIdNumberRule(getType: () => IdType, required: boolean): FormRule {
  const { t, i18n } = useTranslation();
  return {
    validator: async (_rule, value: string | undefined) => {
      const { n, problem } = readIdNumber(getType(), value);
      if (n === '') {
        if (required) throw new Error(t('common.required', { field: t('members.idNumber') }));
        return;
      }
      if (problem) throw new Error(pickLabel(fieldMessages[problem], i18n.language));
    },
  };
}

/** The line under the number: a tick with what the number says about the person, once it checks out. */
export function IdFactsLine({ type, value }: { type: IdType; value: string | undefined }) {
  const { t } = useTranslation();
  const { n, problem, facts } = readIdNumber(type, value);
  if (n === '' || problem) return null;
  return (
    <span style={{ color: '#389e0d' }} data-testid="id-facts">
      <CheckCircleFilled /> {facts ? t('members.idFacts', { gender: facts.gender === 'M' ? t('members.male') : t('members.female'), birthDate: facts.birthDate }) : t('members.idFormatOk')}
    </span>
  );
}

/**
 * The tick line under a form's ID field, shown only while the field carries no error (a server refusal
 * such as "already a member" must not sit beside a green "valid").
 */
export function IdFactsExtra({ type, name = 'idNumber' }: { type: IdType; name?: string }) {
  return (
    <Form.Item noStyle shouldUpdate>
      {(form) => (form.getFieldError(name).length > 0 ? null : <IdFactsLine type={type} value={form.getFieldValue(name) as string | undefined} />)}
    </Form.Item>
  );
}
