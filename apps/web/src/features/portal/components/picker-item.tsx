import { DatePicker, Form, Picker } from 'antd-mobile';
import type { DatePickerRef } from 'antd-mobile/es/components/date-picker';
import type { PickerRef } from 'antd-mobile/es/components/picker';
import dayjs from 'dayjs';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

interface Option {
  value: string;
  label: string;
}

/**
 * A choice from a list, as a form row that opens a bottom picker. The form holds the picker's value, a
 * one-element array: read it with `picked()`.
 */
export function PickerItem({ name, label, options, required, testId }: { name: string; label: string; options: Option[]; required?: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      trigger="onConfirm"
      arrowIcon
      onClick={(_e, ref: RefObject<PickerRef | null>) => ref.current?.open()}
      rules={required ? [{ required: true, message: t('portal.check.choose', { field: label }) }] : []}
    >
      <Picker columns={[options]} data-testid={testId}>
        {(items) => (items[0] ? items[0].label : <span className="tx-m-unit-placeholder">{t('portal.field.choose')}</span>)}
      </Picker>
    </Form.Item>
  );
}

/** A date as a form row with a bottom date picker; the form holds a Date. */
export function DateItem({ name, label, required }: { name: string; label: string; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      trigger="onConfirm"
      arrowIcon
      onClick={(_e, ref: RefObject<DatePickerRef | null>) => ref.current?.open()}
      rules={required ? [{ required: true, message: t('portal.check.choose', { field: label }) }] : []}
    >
      <DatePicker min={new Date(1940, 0, 1)} max={new Date()}>
        {(value) => (value ? dayjs(value).format('YYYY-MM-DD') : <span className="tx-m-unit-placeholder">{t('portal.field.choose')}</span>)}
      </DatePicker>
    </Form.Item>
  );
}

/** The chosen value of a PickerItem. */
export function picked(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}
