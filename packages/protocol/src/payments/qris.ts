import { crc16CcittFalse, encodeTlv, parseTlv, type TlvField } from './emv-tlv.ts';

/**
 * QRIS, Indonesia's EMVCo merchant-presented QR code (docs/architecture.md, "The shop on the core"): tag 00 first, 63 (CRC) last;
 * tag 01 is "11" for a static code (the customer types the amount) and "12" for a dynamic one;
 * 26-51 are merchant accounts, kept exactly as the acquirer wrote them; 54 is the amount.
 */

/** Why a QRIS payload was refused. */
export const QrisErrorCode = {
  /** Empty, or not a run of 2-digit id + 2-digit length fields. */
  Malformed: 'qris_malformed',
  /** Tag 63 does not hold the CRC-16/CCITT-FALSE of what precedes it. */
  CrcMismatch: 'qris_crc_mismatch',
  /** A tag QRIS requires is absent (`tag` names it). */
  MissingTag: 'qris_missing_tag',
  /** A tag is present with a value QRIS does not allow (`tag` names it). */
  InvalidValue: 'qris_invalid_value',
} as const;
export type QrisErrorCode = (typeof QrisErrorCode)[keyof typeof QrisErrorCode];

export type QrisParseResult =
  | {
      readonly ok: true;
      readonly merchantName: string;
      readonly merchantCity: string;
      /** Tag 54 in rupiah, when the payload carries an amount. */
      readonly amount?: number;
    }
  | { readonly ok: false; readonly code: QrisErrorCode; readonly message: string; readonly tag?: string };

const MERCHANT_ACCOUNT = (tag: string): boolean => tag >= '26' && tag <= '51';
/** Longest QRIS amount: 13 characters (EMVCo), here whole rupiah. */
const MAX_AMOUNT_DIGITS = 13;
/** Sub-tag 01 of tag 62: the bill (receipt) number, at most 25 characters. */
const BILL_NUMBER = '01';
const BILL_NUMBER_MAX = 25;

type Checked =
  { readonly ok: true; readonly fields: readonly TlvField[] } | Extract<QrisParseResult, { ok: false }>;

/** Structure, mandatory tags and CRC of a QRIS payload. */
function check(payload: string): Checked {
  const fail = (code: QrisErrorCode, message: string, tag?: string): Checked =>
    tag === undefined ? { ok: false, code, message } : { ok: false, code, message, tag };
  if (payload === '') return fail(QrisErrorCode.Malformed, 'the QRIS text is empty');
  const tlv = parseTlv(payload);
  if (!tlv.ok) return fail(QrisErrorCode.Malformed, tlv.message);
  const fields = tlv.fields;
  const first = fields[0];
  const last = fields[fields.length - 1];
  if (first?.tag !== '00') return fail(QrisErrorCode.MissingTag, 'tag 00 must come first', '00');
  if (first.value !== '01') return fail(QrisErrorCode.InvalidValue, 'tag 00 must be "01"', '00');
  if (last?.tag !== '63') return fail(QrisErrorCode.MissingTag, 'tag 63 (CRC) must come last', '63');
  if (!/^[0-9A-Fa-f]{4}$/.test(last.value))
    return fail(QrisErrorCode.InvalidValue, 'CRC: 4 hex digits', '63');
  const expected = crc16CcittFalse(payload.slice(0, payload.length - 4));
  if (last.value.toUpperCase() !== expected) {
    return fail(
      QrisErrorCode.CrcMismatch,
      `CRC ${last.value} does not match the content (${expected})`,
      '63',
    );
  }
  const value = (tag: string): string | undefined => fields.find((f) => f.tag === tag)?.value;
  const poi = value('01');
  if (poi === undefined) return fail(QrisErrorCode.MissingTag, 'tag 01 (static or dynamic) is missing', '01');
  if (poi !== '11' && poi !== '12') return fail(QrisErrorCode.InvalidValue, 'tag 01 must be 11 or 12', '01');
  if (!fields.some((f) => MERCHANT_ACCOUNT(f.tag))) {
    return fail(QrisErrorCode.MissingTag, 'no merchant account (tags 26-51)', '26');
  }
  for (const [tag, what] of [
    ['52', 'merchant category'],
    ['53', 'currency'],
    ['58', 'country'],
    ['59', 'merchant name'],
    ['60', 'merchant city'],
  ] as const) {
    const v = value(tag);
    if (v === undefined || v.trim() === '')
      return fail(QrisErrorCode.MissingTag, `tag ${tag} (${what}) is missing`, tag);
  }
  if (value('53') !== '360')
    return fail(QrisErrorCode.InvalidValue, 'currency (tag 53) must be 360, rupiah', '53');
  if (value('58') !== 'ID') return fail(QrisErrorCode.InvalidValue, 'country (tag 58) must be ID', '58');
  const amount = value('54');
  if (amount !== undefined && !/^\d+(\.\d{1,2})?$/.test(amount)) {
    return fail(QrisErrorCode.InvalidValue, 'amount (tag 54) is not a number', '54');
  }
  return { ok: true, fields };
}

/**
 * Validates a QRIS payload (EMVCo structure, the tags QRIS requires, CRC-16/CCITT) and reads the
 * merchant's name and city and any amount. Never throws: every problem is a value with a code.
 * Surrounding white space (a pasted string) is ignored.
 */
export function parseQris(payload: string): QrisParseResult {
  const checked = check(typeof payload === 'string' ? payload.trim() : '');
  if (!checked.ok) return checked;
  const value = (tag: string): string => checked.fields.find((f) => f.tag === tag)?.value ?? '';
  const amountText = checked.fields.find((f) => f.tag === '54')?.value;
  const base = { ok: true as const, merchantName: value('59').trim(), merchantCity: value('60').trim() };
  return amountText === undefined ? base : { ...base, amount: Number(amountText) };
}

/**
 * The dynamic QRIS for one payment, built offline from the branch's merchant QRIS: tag 01 becomes
 * "12", tag 54 the amount in whole rupiah, tag 62 sub-tag 01 (bill number) the `reference` (cut to
 * 25 characters), and tag 63 the recomputed CRC. Every other field, the merchant accounts above all,
 * is kept as written. A merchant QRIS that `parseQris` refuses, or an amount that is not a positive
 * whole number, is a bug of the caller and throws.
 */
export function qrisWithAmount(merchantQris: string, amount: number, reference?: string): string {
  const checked = check(merchantQris.trim());
  if (!checked.ok) throw new Error(`qrisWithAmount: ${checked.code}: ${checked.message}`);
  const amountText = String(amount);
  if (!Number.isSafeInteger(amount) || amount <= 0 || amountText.length > MAX_AMOUNT_DIGITS) {
    throw new Error(`qrisWithAmount: amount ${amount} is not a positive whole number of rupiah`);
  }
  const body = checked.fields.filter((f) => f.tag !== '63' && f.tag !== '54');
  const out: TlvField[] = body.map((f) => (f.tag === '01' ? { tag: '01', value: '12' } : f));
  insertInOrder(out, { tag: '54', value: amountText });
  if (reference !== undefined && reference.trim() !== '') {
    const additional = out.find((f) => f.tag === '62');
    const sub = additional === undefined ? { ok: true as const, fields: [] } : parseTlv(additional.value);
    // An unreadable tag 62 from the acquirer is left alone rather than rewritten.
    if (sub.ok) {
      const subFields = sub.fields.filter((f) => f.tag !== BILL_NUMBER);
      insertInOrder(subFields, {
        tag: BILL_NUMBER,
        value: [...reference.trim()].slice(0, BILL_NUMBER_MAX).join(''),
      });
      const value = encodeTlv(subFields);
      if (value.length <= 99) {
        const next = { tag: '62', value };
        const at = out.findIndex((f) => f.tag === '62');
        if (at >= 0) out[at] = next;
        else insertInOrder(out, next);
      }
    }
  }
  const withoutCrc = `${encodeTlv(out)}6304`;
  return `${withoutCrc}${crc16CcittFalse(withoutCrc)}`;
}

/** Puts `field` before the first field with a higher id (EMVCo lists ids in ascending order). */
function insertInOrder(fields: TlvField[], field: TlvField): void {
  const at = fields.findIndex((f) => f.tag > field.tag);
  if (at < 0) fields.push(field);
  else fields.splice(at, 0, field);
}
