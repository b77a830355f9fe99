/**
 * EMVCo merchant-presented QR data objects: a flat run of `ID(2) LENGTH(2) VALUE(LENGTH)`, where the
 * length counts characters. Templates (26-51 merchant accounts, 62 additional data) hold the same
 * structure inside their value. Parsing keeps every value as written, so re-encoding an untouched
 * field gives back the same characters (the acquirer's merchant account tags must stay identical).
 */
export interface TlvField {
  readonly tag: string;
  readonly value: string;
}

export type TlvResult =
  | { readonly ok: true; readonly fields: readonly TlvField[] }
  | { readonly ok: false; readonly at: number; readonly message: string };

/** Splits `text` into data objects; never throws. */
export function parseTlv(text: string): TlvResult {
  const chars = [...text];
  const fields: TlvField[] = [];
  let i = 0;
  while (i < chars.length) {
    if (i + 4 > chars.length) return { ok: false, at: i, message: `truncated field header at ${i}` };
    const tag = chars.slice(i, i + 2).join('');
    const lengthText = chars.slice(i + 2, i + 4).join('');
    if (!/^\d\d$/.test(tag) || !/^\d\d$/.test(lengthText)) {
      return { ok: false, at: i, message: `field at ${i} does not start with a 2-digit id and length` };
    }
    const length = Number(lengthText);
    if (i + 4 + length > chars.length) {
      return { ok: false, at: i, message: `field ${tag} at ${i} is longer than the payload` };
    }
    fields.push({ tag, value: chars.slice(i + 4, i + 4 + length).join('') });
    i += 4 + length;
  }
  return { ok: true, fields };
}

/** One data object as text. The value must hold at most 99 characters (a bug otherwise). */
export function encodeTlvField(tag: string, value: string): string {
  const length = [...value].length;
  if (!/^\d\d$/.test(tag) || length > 99) throw new Error(`EMV field ${tag}: ${length} characters`);
  return `${tag}${String(length).padStart(2, '0')}${value}`;
}

export const encodeTlv = (fields: readonly TlvField[]): string =>
  fields.map((f) => encodeTlvField(f.tag, f.value)).join('');

/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final xor) over the
 * UTF-8 bytes of `text`, as four upper-case hex digits: the checksum of EMVCo QR tag 63.
 */
export function crc16CcittFalse(text: string): string {
  let crc = 0xffff;
  for (const byte of utf8(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

// The protocol package has no DOM or Node types, so no TextEncoder: a small UTF-8 encoder.
function utf8(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  return out;
}
