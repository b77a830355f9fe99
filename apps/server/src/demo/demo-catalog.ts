import { seededRandom, type ProductInput } from '@kasir/protocol';

/** Kinds of goods a minimarket sells, with a category, price range and sizes. */
const KINDS: readonly {
  name: string;
  category: string;
  price: [number, number];
  sizes: string[];
  taxRate?: number;
}[] = [
  {
    name: 'Beras',
    category: 'Sembako',
    price: [12_000, 85_000],
    sizes: ['1 kg', '2 kg', '5 kg'],
    taxRate: 0,
  },
  { name: 'Minyak Goreng', category: 'Sembako', price: [15_000, 40_000], sizes: ['1 L', '2 L'] },
  { name: 'Gula Pasir', category: 'Sembako', price: [14_000, 30_000], sizes: ['500 g', '1 kg'], taxRate: 0 },
  {
    name: 'Telur Ayam',
    category: 'Sembako',
    price: [25_000, 32_000],
    sizes: ['1 kg', '10 butir'],
    taxRate: 0,
  },
  { name: 'Tepung Terigu', category: 'Sembako', price: [9_000, 18_000], sizes: ['500 g', '1 kg'] },
  { name: 'Mi Instan Goreng', category: 'Makanan', price: [3_000, 4_500], sizes: ['85 g', '5 pcs'] },
  { name: 'Mi Instan Kuah', category: 'Makanan', price: [2_800, 4_000], sizes: ['70 g', '5 pcs'] },
  { name: 'Kecap Manis', category: 'Bumbu', price: [6_000, 24_000], sizes: ['135 ml', '275 ml', '520 ml'] },
  { name: 'Sambal Botol', category: 'Bumbu', price: [8_000, 22_000], sizes: ['135 ml', '340 ml'] },
  { name: 'Garam Dapur', category: 'Bumbu', price: [3_000, 7_000], sizes: ['250 g', '500 g'], taxRate: 0 },
  { name: 'Kopi Bubuk', category: 'Minuman', price: [5_000, 45_000], sizes: ['165 g', '380 g', '10 sachet'] },
  { name: 'Teh Celup', category: 'Minuman', price: [5_000, 15_000], sizes: ['25 kantong', '50 kantong'] },
  { name: 'Air Mineral', category: 'Minuman', price: [3_000, 22_000], sizes: ['600 ml', '1,5 L', '19 L'] },
  { name: 'Teh Botol', category: 'Minuman', price: [4_000, 8_000], sizes: ['350 ml', '450 ml'] },
  { name: 'Susu UHT', category: 'Minuman', price: [6_000, 20_000], sizes: ['200 ml', '1 L'] },
  { name: 'Kopi Susu Kaleng', category: 'Minuman', price: [7_000, 12_000], sizes: ['240 ml'] },
  { name: 'Biskuit Kelapa', category: 'Camilan', price: [5_000, 18_000], sizes: ['100 g', '300 g'] },
  { name: 'Keripik Singkong', category: 'Camilan', price: [5_000, 15_000], sizes: ['60 g', '150 g'] },
  { name: 'Wafer Cokelat', category: 'Camilan', price: [2_000, 12_000], sizes: ['21 g', '130 g'] },
  { name: 'Kacang Atom', category: 'Camilan', price: [6_000, 14_000], sizes: ['100 g', '250 g'] },
  { name: 'Sabun Mandi', category: 'Perawatan', price: [3_500, 25_000], sizes: ['85 g', '450 ml'] },
  { name: 'Sampo', category: 'Perawatan', price: [1_000, 35_000], sizes: ['sachet', '170 ml', '340 ml'] },
  { name: 'Pasta Gigi', category: 'Perawatan', price: [7_000, 20_000], sizes: ['75 g', '190 g'] },
  {
    name: 'Parfum',
    category: 'Perawatan',
    price: [45_000, 250_000],
    sizes: ['50 ml', '100 ml'],
    taxRate: 12,
  },
  { name: 'Deterjen Bubuk', category: 'Rumah Tangga', price: [5_000, 45_000], sizes: ['450 g', '1,8 kg'] },
  {
    name: 'Sabun Cuci Piring',
    category: 'Rumah Tangga',
    price: [4_000, 20_000],
    sizes: ['400 ml', '780 ml'],
  },
  { name: 'Tisu Wajah', category: 'Rumah Tangga', price: [8_000, 25_000], sizes: ['250 lembar', '2 pak'] },
  { name: 'Obat Nyamuk', category: 'Rumah Tangga', price: [6_000, 30_000], sizes: ['10 pcs', '600 ml'] },
  { name: 'Rokok Kretek', category: 'Rokok', price: [22_000, 35_000], sizes: ['12 batang', '16 batang'] },
  { name: 'Es Krim Cone', category: 'Beku', price: [5_000, 15_000], sizes: ['110 ml'] },
  { name: 'Nugget Ayam', category: 'Beku', price: [20_000, 55_000], sizes: ['250 g', '500 g'] },
  { name: 'Sosis Sapi', category: 'Beku', price: [12_000, 40_000], sizes: ['300 g', '500 g'] },
];

const BRANDS = [
  'Sinar',
  'Maju',
  'Sedap',
  'Nusantara',
  'Mentari',
  'Cahaya',
  'Sari',
  'Bintang',
  'Garuda',
  'Melati',
  'Pelangi',
  'Harum',
  'Rasa',
  'Segar',
  'Anugrah',
  'Merdeka',
  'Kencana',
  'Lestari',
  'Jaya',
  'Mulia',
];
const VARIANTS = ['', 'Original', 'Pedas', 'Manis', 'Extra', 'Premium', 'Hemat', 'Jumbo'];

/** EAN-13 with Indonesia's GS1 prefix 899 and a valid check digit. */
export function ean13(n: number): string {
  const body = `899${String(n).padStart(9, '0')}`;
  const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (i % 2 === 0 ? 1 : 3), 0);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

/** `count` products with Indonesian names, categories, prices rounded to Rp 500, and barcodes. */
export function demoCatalog(count: number, seed = 2026): ProductInput[] {
  // Seeded, so every demo shop is the same.
  const next = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const seen = new Set<string>();
  const out: ProductInput[] = [];
  while (out.length < count) {
    const kind = pick(KINDS);
    const n = out.length + 1;
    let name = [kind.name, pick(BRANDS), pick(VARIANTS), pick(kind.sizes)].filter((x) => x !== '').join(' ');
    if (seen.has(name)) name = `${name} #${n}`;
    seen.add(name);
    const [lo, hi] = kind.price;
    out.push({
      sku: `DM-${String(n).padStart(5, '0')}`,
      name,
      price: Math.round((lo + next() * (hi - lo)) / 500) * 500,
      barcode: ean13(n),
      category: kind.category,
      ...(kind.taxRate === undefined ? {} : { taxRate: kind.taxRate }),
    });
  }
  return out;
}
