import { InputNumber } from 'antd';
import type { FormRule, InputNumberProps } from 'antd';
import type { TFunction } from 'i18next';
import { percentToBps, ratePct, yuan, yuanToFen } from '../loan-format';

/** Thousands separators in the integer part only, so "300000.5" reads "300,000.5" while typing. */
function withSeparators(value: string | undefined): string {
  if (!value) return '';
  const [int = '', dec] = value.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return dec === undefined ? grouped : `${grouped}.${dec}`;
}

/** "100000" or "100000.5" → "100000.00": amounts read with two decimals once the officer stops typing. */
function twoDecimals(value: string | undefined): string | undefined {
  const m = value ? /^(-?\d+)(?:\.(\d{0,2}))?$/.exec(value) : null;
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(2, '0')}` : value;
}

type Props = Omit<InputNumberProps<string>, 'stringMode'>;

/**
 * An amount in yuan, kept as the typed text (stringMode) so it converts to fen exactly; never a float.
 */
export function YuanInput(props: Props) {
  return (
    <InputNumber<string>
      stringMode
      min="0"
      precision={2}
      prefix="¥"
      formatter={(v, info) => withSeparators(info.userTyping ? v : twoDecimals(v))}
      parser={(v) => (v ?? '').replace(/[,\s¥]/g, '')}
      style={{ width: '100%' }}
      {...props}
    />
  );
}

/** An annual rate or a share in percent with two decimals (= whole basis points). */
export function PercentInput(props: Props) {
  return <InputNumber<string> stringMode min="0" precision={2} suffix="%" style={{ width: '100%' }} {...props} />;
}

interface AmountRuleOptions {
  required?: boolean;
  /** Bounds in fen (inclusive). */
  minFen?: number;
  maxFen?: number;
}

/** Form rule for a YuanInput: a positive amount with at most two decimals, within bounds. */
export function yuanRule(t: TFunction, field: string, opts: AmountRuleOptions = {}): FormRule {
  return {
    validator: (_rule, value: string | undefined) => {
      if (value === undefined || value === null || value === '') return opts.required === false ? Promise.resolve() : Promise.reject(new Error(t('common.required', { field })));
      const fen = yuanToFen(value);
      if (fen === null || fen <= 0) return Promise.reject(new Error(t('loans.money.invalidAmount')));
      if (opts.minFen !== undefined && fen < opts.minFen) return Promise.reject(new Error(t('loans.money.belowMin', { min: yuan(opts.minFen) })));
      if (opts.maxFen !== undefined && fen > opts.maxFen) return Promise.reject(new Error(t('loans.money.aboveMax', { max: yuan(opts.maxFen) })));
      return Promise.resolve();
    },
  };
}

/** Form rule for a PercentInput: 0 … max percent, two decimals at most. */
export function percentRule(t: TFunction, field: string, opts: { required?: boolean; maxBps?: number } = {}): FormRule {
  return {
    validator: (_rule, value: string | undefined) => {
      if (value === undefined || value === null || value === '') return opts.required === false ? Promise.resolve() : Promise.reject(new Error(t('common.required', { field })));
      const bps = percentToBps(value);
      if (bps === null) return Promise.reject(new Error(t('loans.money.invalidRate')));
      if (opts.maxBps !== undefined && bps > opts.maxBps) return Promise.reject(new Error(t('loans.money.rateTooHigh', { max: ratePct(opts.maxBps) })));
      return Promise.resolve();
    },
  };
}
