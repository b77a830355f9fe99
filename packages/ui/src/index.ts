export { Button, buttonClass, type ButtonProps, type ButtonVariant } from './button.tsx';
export { MoneyInput, type MoneyInputProps } from './money-input.tsx';
export {
  formatRupiah,
  formatGrouped,
  parseAmount,
  formatCount,
  formatDecimal,
  formatPercent,
  formatDateTime,
  formatDay,
  businessDay,
  addDays,
  formatAgo,
  type Locale,
} from './format.ts';
export { I18nContext, useFixedT, useT, type TFunction } from './i18n-context.ts';
export { createI18n, type Language } from './create-i18n.ts';
