import { describe, expect, it } from 'vitest';
import { crc16CcittFalse, encodeTlv, parseTlv } from './emv-tlv.ts';
import { parseQris, qrisWithAmount } from './qris.ts';

/*
 * Real QRIS payloads published in public repositories (merchant strings printed by Indonesian
 * acquirers, and a library's own test vectors):
 * - SUNARY_*: the test vectors of the Go library sunary/qris (qris_test.go and README.md), a
 *   ShopeePay account; they carry no merchant category (tag 52).
 * - GOPAY_STATIC: a static GoPay (COM.GO-JEK.WWW) merchant QRIS from a public project's vitest
 *   suite, described there as "a real, structurally valid Static_QRIS ... with a correct trailing CRC16".
 * - NOBU_STATIC: a static Nobu Bank (COM.NOBUBANK.WWW) merchant QRIS from a public project's
 *   "Dynamic QRIS Implementation Guide", with the amount-injection steps we cross-check below.
 * - GOPAY_BOGOR: another published static GoPay merchant QRIS (a "QRIS dinamis generator" script).
 */
const SUNARY_FULL =
  '00020101021226400016ID.CO.SHOPEE.WWW01020102101893600918530336054061520005802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris63044051';
const SUNARY_README =
  '00020101021226380016ID.CO.SHOPEE.WWW010201020815863724530336054061440005802ID5921PT. SHOPPEE INDONESIA6007JAKARTA62180814gen by go-qris63049635';
const SUNARY_BENEFICIARY = '00020101021126400016ID.CO.SHOPEE.WWW0102010210189360091853033605802ID630492B2';
const GOPAY_STATIC =
  '00020101021126610014COM.GO-JEK.WWW01189360091434970566750210G4970566750303UMI51440014ID.CO.QRIS.WWW0215ID10254118460050303UMI5204899953033605802ID5925Scalify Panel, Digital & 6015JAKARTA SELATAN61051200062070703A016304CD45';
const NOBU_STATIC =
  '00020101021126670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047127';
const GOPAY_BOGOR =
  '00020101021126610014COM.GO-JEK.WWW01189360091430425684560210G0425684560303UMI51440014ID.CO.QRIS.WWW0215ID10254504507270303UMI5204866153033605802ID5912Ark Of Grace6005BOGOR61051614362070703A01630470DE';

const crcOf = (payload: string): string => payload.slice(-4);
const bodyOf = (payload: string): string => payload.slice(0, -4);

describe('CRC-16/CCITT-FALSE of QRIS', () => {
  it('gives the CRC every published payload carries', () => {
    for (const p of [
      SUNARY_FULL,
      SUNARY_README,
      SUNARY_BENEFICIARY,
      GOPAY_STATIC,
      NOBU_STATIC,
      GOPAY_BOGOR,
    ]) {
      expect(crc16CcittFalse(bodyOf(p))).toBe(crcOf(p));
    }
  });

  it('matches the standard check value of CRC-16/CCITT-FALSE ("123456789" -> 29B1)', () => {
    expect(crc16CcittFalse('123456789')).toBe('29B1');
  });
});

describe('parseQris', () => {
  it('reads real static merchant QRIS from GoPay and Nobu Bank', () => {
    expect(parseQris(GOPAY_STATIC)).toEqual({
      ok: true,
      merchantName: 'Scalify Panel, Digital &',
      merchantCity: 'JAKARTA SELATAN',
    });
    expect(parseQris(NOBU_STATIC)).toEqual({
      ok: true,
      merchantName: 'GRANOOL STORE OK1229577',
      merchantCity: 'KEDIRI',
    });
    expect(parseQris(`  ${GOPAY_BOGOR}\n`)).toEqual({
      ok: true,
      merchantName: 'Ark Of Grace',
      merchantCity: 'BOGOR',
    });
  });

  it('refuses a broken CRC, naming tag 63', () => {
    const broken = `${bodyOf(NOBU_STATIC)}7128`;
    expect(parseQris(broken)).toMatchObject({ ok: false, code: 'qris_crc_mismatch', tag: '63' });
    // The library's own "wrong crc" vector.
    expect(parseQris('00020101021153033605802ID6304xxxx')).toMatchObject({
      ok: false,
      code: 'qris_invalid_value',
    });
    // One character changed in the merchant name, CRC left as it was.
    expect(parseQris(NOBU_STATIC.replace('KEDIRI', 'KEDIRA'))).toMatchObject({
      ok: false,
      code: 'qris_crc_mismatch',
    });
  });

  it('refuses a payload without a merchant name, and a published one without a merchant category', () => {
    const noName = without(GOPAY_BOGOR, ['59']);
    expect(parseQris(noName)).toMatchObject({ ok: false, code: 'qris_missing_tag', tag: '59' });
    const noAccount = without(GOPAY_BOGOR, ['26', '51']);
    expect(parseQris(noAccount)).toMatchObject({ ok: false, code: 'qris_missing_tag', tag: '26' });
    expect(parseQris(SUNARY_FULL)).toMatchObject({ ok: false, code: 'qris_missing_tag', tag: '52' });
  });

  it('refuses what is no QRIS at all, without throwing', () => {
    for (const bad of [
      '',
      'hello',
      '000201',
      '0002010102116304',
      'https://example.com/pay',
      '00020101021126999',
    ]) {
      const r = parseQris(bad);
      expect(r.ok).toBe(false);
    }
    expect(parseQris(undefined as unknown as string)).toMatchObject({ ok: false, code: 'qris_malformed' });
    expect(parseQris(withCrc(bodyOf(NOBU_STATIC).replace('5303360', '5303840')))).toMatchObject({
      ok: false,
      code: 'qris_invalid_value',
      tag: '53',
    });
  });
});

describe('qrisWithAmount', () => {
  it('gives the same payload as the published Nobu Bank guide (01 = 12, 54 before 58, CRC anew)', () => {
    expect(qrisWithAmount(NOBU_STATIC, 20_023)).toBe(
      '00020101021226670016COM.NOBUBANK.WWW01189360050300000879140214703239147837910303UMI51440014ID.CO.QRIS.WWW0215ID20232709941630303UMI5204481253033605405200235802ID5923GRANOOL STORE OK12295776006KEDIRI61056421262070703A0163047660',
    );
  });

  it('builds a dynamic QRIS that parses back with the amount and keeps the merchant accounts byte-identical', () => {
    const dynamic = qrisWithAmount(GOPAY_STATIC, 87_500, 'B01-K02-20261202-0042');
    expect(parseQris(dynamic)).toEqual({
      ok: true,
      merchantName: 'Scalify Panel, Digital &',
      merchantCity: 'JAKARTA SELATAN',
      amount: 87_500,
    });
    const fields = (p: string) => {
      const t = parseTlv(p);
      if (!t.ok) throw new Error(t.message);
      return t.fields;
    };
    const before = fields(GOPAY_STATIC);
    const after = fields(dynamic);
    expect(after.find((f) => f.tag === '01')?.value).toBe('12');
    for (const tag of ['26', '51', '52', '59', '60', '61']) {
      expect(after.find((f) => f.tag === tag)).toEqual(before.find((f) => f.tag === tag));
    }
    // Tag 62 keeps the terminal label (07) and gains the bill number (01).
    expect(after.find((f) => f.tag === '62')?.value).toBe('0121B01-K02-20261202-00420703A01');
    expect(after.map((f) => f.tag)).toEqual([
      '00',
      '01',
      '26',
      '51',
      '52',
      '53',
      '54',
      '58',
      '59',
      '60',
      '61',
      '62',
      '63',
    ]);
  });

  it('replaces an amount already present and cuts a long reference to 25 characters', () => {
    const once = qrisWithAmount(NOBU_STATIC, 1_000);
    const twice = qrisWithAmount(once, 2_500, 'X'.repeat(40));
    expect(parseQris(twice)).toMatchObject({ ok: true, amount: 2_500 });
    expect(twice).toContain(`0125${'X'.repeat(25)}`);
    expect(twice.match(/5404|5405/g)?.length).toBe(1);
  });

  it('throws on a caller bug: an invalid merchant QRIS or a non-positive amount', () => {
    expect(() => qrisWithAmount(`${bodyOf(NOBU_STATIC)}0000`, 1_000)).toThrow(/qris_crc_mismatch/);
    expect(() => qrisWithAmount(NOBU_STATIC, 0)).toThrow();
    expect(() => qrisWithAmount(NOBU_STATIC, 12.5)).toThrow();
  });
});

function withCrc(bodyWith6304: string): string {
  return `${bodyWith6304}${crc16CcittFalse(bodyWith6304)}`;
}

/** `payload` without the fields `tags`, with a correct CRC: only the missing tags are wrong. */
function without(payload: string, tags: readonly string[]): string {
  const t = parseTlv(payload);
  if (!t.ok) throw new Error(t.message);
  return withCrc(`${encodeTlv(t.fields.filter((f) => !tags.includes(f.tag) && f.tag !== '63'))}6304`);
}
