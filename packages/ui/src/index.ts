export { Button, buttonClass, type ButtonProps, type ButtonVariant } from './button.tsx';
export { MoneyInput, type MoneyInputProps } from './money-input.tsx';
export {
  formatRupiah,
  formatGrouped,
  parseAmount,
  formatCount,
  formatPercent,
  formatDateTime,
  formatDay,
  businessDay,
  addDays,
  type Locale,
} from './format.ts';
