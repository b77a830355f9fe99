/**
 * Numbers as Excel and Google Sheets write them in an Indonesian locale: `.` groups thousands and
 * `,` marks decimals (`12.500`, `1.250.000,00`, `11,5`). Also read: plain digits, `Rp`, spaces
 * (also non-breaking), a trailing `%`, the price list's `,-` ("no cents": `Rp 15.000,-`), and the
 * English form (`12,500`, `12,500.00`) when the groups make it unambiguous.
 *
 * Rules, in order: with both `.` and `,`, the later one is the decimal mark. With only `.`: groups
 * of exactly three digits (`12.500`, `1.250.000`) are thousands, anything else (`12.5`) a decimal.
 * With only `,`: groups of three (`12,500`) are thousands, anything else (`12,5`) a decimal.
 * Returns null for what is not a number.
 */
export function parseIndonesianNumber(raw: string): number | null {
  let s = raw
    .replace(/[\s\u00a0]/g, '')
    .replace(/^rp\.?/i, '')
    .replace(/,-$/, '')
    .replace(/%$/, '');
  let sign = 1;
  if (s.startsWith('-')) {
    sign = -1;
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const lastDot = s.lastIndexOf('.');
  const lastComma = s.lastIndexOf(',');
  let normal: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimal = lastDot > lastComma ? '.' : ',';
    const group = decimal === '.' ? ',' : '.';
    const [int = '', frac, ...more] = s.split(decimal);
    if (more.length > 0 || frac === undefined || frac.includes(group)) return null;
    if (!isGrouped(int, group)) return null;
    normal = `${int.split(group).join('')}.${frac}`;
  } else if (lastDot >= 0 || lastComma >= 0) {
    const mark = lastDot >= 0 ? '.' : ',';
    if (isGrouped(s, mark) && s.includes(mark)) normal = s.split(mark).join('');
    else {
      const parts = s.split(mark);
      if (parts.length !== 2) return null;
      normal = `${parts[0]}.${parts[1]}`;
    }
  } else normal = s;
  const n = Number(normal);
  return Number.isFinite(n) ? sign * n : null;
}

/** `1.250.000` with `.`: a first group of 1–3 digits, then groups of exactly 3. */
function isGrouped(s: string, group: string): boolean {
  const parts = s.split(group);
  if (parts.length === 1) return /^\d+$/.test(s);
  return /^\d{1,3}$/.test(parts[0] ?? '') && parts.slice(1).every((p) => /^\d{3}$/.test(p));
}
