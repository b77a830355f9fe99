import type {
  Account,
  AdminDevice,
  AdminProduct,
  AdminProductPage,
  AdminSaleDetail,
  AdminSaleListItem,
  AdminSalePage,
  Alert,
  AuditPage,
  BranchSettings,
  Me,
  MonitoringResponse,
  PaymentMethod,
  ReportSummary,
  SaleFlag,
} from '@kasir/protocol';
import type { Page, Route } from 'playwright-core';

/**
 * Dev-only fixture API for looking at the back office before the server side exists: every
 * `/api/*` request of a playwright page is answered from these objects (never part of the bundle).
 * Times are relative to `now` so "2 minutes ago" reads the same in every screenshot.
 */
export interface Fixtures {
  me: Me | null;
  needsOwner: boolean;
  summary: ReportSummary;
  readonly branches: BranchSettings[];
  readonly devices: AdminDevice[];
  readonly products: AdminProduct[];
  readonly sales: AdminSaleListItem[];
  readonly alerts: Alert[];
  /** Requests seen, `METHOD path?query`, for tests. */
  readonly requests: string[];
}

const uuid = (n: number) => `0190f3a0-0000-7000-8000-${String(n).padStart(12, '0')}`;
const ago = (now: number, minutes: number) => new Date(now - minutes * 60_000).toISOString();

export const JKT = uuid(1);
export const BDG = uuid(2);

const NAMES = [
  ['Indomie Goreng 85 g', 'Makanan', 3_500],
  ['Kopi Susu Gula Aren 250 ml', 'Minuman', 18_000],
  ['Teh Botol Sosro 450 ml', 'Minuman', 6_500],
  ['Beras Pandan Wangi 5 kg', 'Sembako', 78_500],
  ['Minyak Goreng Sinar 2 L', 'Sembako', 36_000],
  ['Gula Pasir Mentari 1 kg', 'Sembako', 17_500],
  ['Kecap Manis Sedap 520 ml', 'Bumbu', 24_000],
  ['Sabun Mandi Cair Harum 450 ml', 'Perawatan', 24_900],
  ['Deterjen Bubuk Segar 800 g', 'Rumah Tangga', 21_000],
  ['Keripik Singkong Pedas 150 g', 'Camilan', 12_000],
  ['Air Mineral 600 ml', 'Minuman', 4_000],
  ['Roti Tawar Gandum', 'Makanan', 17_500],
] as const;

function summary(now: number, count: number): ReportSummary {
  const byHour = Array.from({ length: 24 }, (_, hour) => {
    const c =
      hour < 7 || hour > 21 ? 0 : Math.round(count * (0.04 + 0.06 * Math.sin(((hour - 7) / 14) * Math.PI)));
    return { hour, count: c, gross: c * 46_500 };
  });
  const byDay = Array.from({ length: 30 }, (_, i) => {
    const date = new Date(now - (29 - i) * 86_400_000).toISOString().slice(0, 10);
    const c = i === 29 ? count : 120 + ((i * 37) % 60);
    return { date, count: c, gross: c * 47_250 };
  });
  return {
    branchId: JKT,
    from: byDay[29]!.date,
    to: byDay[29]!.date,
    timeZone: 'Asia/Jakarta',
    salesCount: count,
    gross: count * 46_500,
    discount: count * 850,
    tax: Math.round((count * 46_500 * 11) / 111),
    byMethod: [
      { method: 'cash', count: Math.round(count * 0.55), amount: Math.round(count * 0.5 * 46_500) },
      { method: 'qris', count: Math.round(count * 0.3), amount: Math.round(count * 0.35 * 46_500) },
      { method: 'ewallet', count: Math.round(count * 0.1), amount: Math.round(count * 0.1 * 46_500) },
      { method: 'card', count: Math.round(count * 0.05), amount: Math.round(count * 0.05 * 46_500) },
    ],
    byHour,
    byDay,
    generatedAt: new Date(now).toISOString(),
  };
}

function health(now: number, online: boolean, seen: number, sync: number, unsynced: number) {
  return {
    online,
    lastSeenAt: ago(now, seen),
    lastSyncAt: ago(now, sync),
    unsyncedSales: unsynced,
    oldestUnsyncedAt: unsynced > 0 ? ago(now, sync + 5) : null,
    appVersion: '0.1.0',
    protocolVersion: 1,
    reportedAt: ago(now, seen),
  };
}

export function createFixtures(now = Date.now()): Fixtures {
  const branch = (id: string, code: string, name: string): BranchSettings => ({
    id,
    code,
    name,
    address: 'Jl. Merdeka No. 17, Jakarta Pusat',
    npwp: '012345678901000',
    receiptHeader: `Toko ${name}`,
    receiptFooter: 'Terima kasih atas kunjungan Anda',
    timeZone: 'Asia/Jakarta',
    openingHours: Array.from({ length: 7 }, (_, i) => (i === 6 ? null : { open: '08:00', close: '21:00' })),
  });
  const device = (n: number, code: string, name: string, h: AdminDevice['health']): AdminDevice => ({
    id: uuid(100 + n),
    branchId: JKT,
    code,
    name,
    createdAt: ago(now, 60 * 24 * 30),
    revokedAt: null,
    lastSeenAt: h.lastSeenAt,
    online: h.online,
    health: h,
  });
  const products: AdminProduct[] = Array.from({ length: 400 }, (_, i) => {
    const [name, category, price] = NAMES[i % NAMES.length]!;
    return {
      id: uuid(1000 + i),
      sku: `DM-${String(i + 1).padStart(5, '0')}`,
      name: i < NAMES.length ? name : `${name} #${i + 1}`,
      price: price + (i >= NAMES.length ? (i % 7) * 500 : 0),
      barcodes: [`899100${String(i).padStart(7, '0')}`],
      category,
      taxRate: category === 'Sembako' ? 0 : 11,
      active: i % 23 !== 5,
      version: 1,
      deleted: false,
      unit: 'pcs',
      createdAt: ago(now, 60 * 24),
      updatedAt: ago(now, 60),
      stock: null,
    };
  });
  const flagsOf = (i: number): SaleFlag[] =>
    i % 17 === 3
      ? ['negative_stock']
      : i % 29 === 4
        ? ['price_deviation']
        : i % 41 === 7
          ? ['duplicate_invoice_number']
          : [];
  const methods: PaymentMethod[] = ['cash', 'qris', 'cash', 'ewallet', 'card'];
  const sales: AdminSaleListItem[] = Array.from({ length: 250 }, (_, i) => ({
    id: uuid(5000 + i),
    branchId: JKT,
    deviceId: uuid(100 + (i % 3)),
    deviceName: `Kasir ${(i % 3) + 1}`,
    invoiceNumber: `JKT-0${(i % 3) + 1}-260301-${String(250 - i).padStart(4, '0')}`,
    createdAt: ago(now, i * 3 + 1),
    receivedAt: ago(now, i * 3),
    total: 15_000 + ((i * 7_919) % 180_000),
    discount: i % 5 === 0 ? 2_000 : 0,
    tax: Math.round(((15_000 + ((i * 7_919) % 180_000)) * 11) / 111),
    itemCount: (i % 6) + 1,
    methods: [methods[i % methods.length]!],
    flags: flagsOf(i),
    cashierName: i % 2 === 0 ? 'Sari' : 'Budi',
  }));
  return {
    me: { username: 'pemilik', displayName: 'Ibu Ratna', role: 'owner', branchIds: [JKT, BDG] },
    needsOwner: false,
    summary: summary(now, 187),
    branches: [branch(JKT, 'JKT', 'Jakarta Pusat'), branch(BDG, 'BDG', 'Bandung Dago')],
    devices: [
      device(0, '01', 'Kasir 1', health(now, true, 0, 1, 0)),
      device(1, '02', 'Kasir 2', health(now, true, 0, 2, 1)),
      device(2, '03', 'Kasir 3 (gudang)', health(now, false, 60 * 7, 60 * 7 + 12, 14)),
    ],
    products,
    sales,
    alerts: [
      {
        id: uuid(9001),
        kind: 'device_unsynced',
        branchId: JKT,
        deviceId: uuid(102),
        productId: null,
        subject: 'Kasir 3 (gudang) (JKT-03)',
        since: ago(now, 60),
        details: { unsyncedSales: 14, hoursSinceSync: 7 },
      },
      {
        id: uuid(9002),
        kind: 'negative_stock',
        branchId: JKT,
        deviceId: null,
        productId: uuid(1003),
        subject: 'Beras Pandan Wangi 5 kg (DM-00004)',
        since: ago(now, 25),
        details: { onHand: -3 },
      },
    ],
    requests: [],
  };
}

/** A keyset page of `items` after `cursor` (the fixtures' cursor is an index). */
function pageOf<T>(items: readonly T[], cursor: string | null, limit: number) {
  const start = cursor === null ? 0 : Number(cursor);
  const slice = items.slice(start, start + limit);
  const hasMore = start + limit < items.length;
  return { items: slice, cursor: hasMore ? String(start + limit) : null, hasMore };
}

function saleDetail(f: Fixtures, id: string): AdminSaleDetail | undefined {
  const s = f.sales.find((x) => x.id === id);
  if (s === undefined) return undefined;
  const lines = f.products.slice(0, s.itemCount).map((p, i) => ({
    productId: p.id,
    sku: p.sku,
    name: p.name,
    quantity: (i % 2) + 1,
    unitPrice: p.price,
    discount: 0,
    cartDiscountShare: 0,
    taxRate: p.taxRate,
    amount: p.price * ((i % 2) + 1),
  }));
  const total = lines.reduce((a, l) => a + l.amount, 0);
  const tax = Math.round((total * 11) / 111);
  return {
    ...s,
    lines,
    priceMode: 'inclusive',
    payments: [{ method: s.methods[0]!, amount: Math.ceil(total / 10_000) * 10_000, reference: null }],
    taxes: [
      { taxRate: 11, net: total - tax, dpp: Math.round(((total - tax) * 11) / 12), nominalRate: 12, tax },
    ],
    subtotal: total,
    discount: 0,
    tax,
    total,
    paid: Math.ceil(total / 10_000) * 10_000,
    change: Math.ceil(total / 10_000) * 10_000 - total,
    note: null,
    deviceCode: '01',
    branchCode: 'JKT',
    branchName: 'Jakarta Pusat',
  };
}

function answer(f: Fixtures, method: string, url: URL, body: unknown): { status: number; json?: unknown } {
  const p = url.pathname;
  const q = url.searchParams;
  const limit = Number(q.get('limit') ?? 100);
  if (p === '/api/auth/me')
    return f.me === null
      ? { status: 401, json: { error: { code: 'unauthorized', message: 'sign in' } } }
      : { status: 200, json: f.me };
  if (p === '/api/auth/setup' && method === 'GET') return { status: 200, json: { needsOwner: f.needsOwner } };
  if (p === '/api/auth/login') {
    const b = body as { password?: string };
    if (b.password !== 'rahasia-sekali')
      return { status: 401, json: { error: { code: 'unauthorized', message: 'no' } } };
    f.me = { username: 'pemilik', displayName: 'Ibu Ratna', role: 'owner', branchIds: [JKT, BDG] };
    return { status: 200, json: f.me };
  }
  if (p === '/api/admin/branches') return { status: 200, json: f.branches };
  if (p === '/api/admin/reports/summary') {
    if (q.has('from')) {
      const days =
        Math.round((Date.parse(q.get('to') ?? '') - Date.parse(q.get('from') ?? '')) / 86_400_000) + 1;
      return { status: 200, json: { ...f.summary, byDay: f.summary.byDay.slice(-days) } };
    }
    return { status: 200, json: f.summary };
  }
  if (p === '/api/admin/devices' && method === 'GET') return { status: 200, json: f.devices };
  if (p === '/api/admin/devices' && method === 'POST') {
    const b = body as { name: string; branchId: string };
    return { status: 201, json: { id: uuid(199), code: '04', token: 'kd_fixture', ...b } };
  }
  if (/^\/api\/admin\/devices\/[^/]+\/pairing-code$/.test(p))
    return {
      status: 201,
      json: { code: 'K7QX-9M2P', expiresAt: new Date(Date.now() + 15 * 60_000).toISOString() },
    };
  if (/^\/api\/admin\/devices\/[^/]+\/commands$/.test(p))
    return {
      status: 202,
      json: {
        id: uuid(8000),
        deviceId: p.split('/')[4],
        type: (body as { type: string }).type,
        issuedAt: new Date().toISOString(),
        delivered: true,
      },
    };
  if (p === '/api/admin/alerts') return { status: 200, json: f.alerts };
  if (p === '/api/admin/products/categories')
    return { status: 200, json: [...new Set(f.products.map((x) => x.category ?? ''))].sort() };
  if (p === '/api/admin/products' && method === 'GET') {
    const term = (q.get('q') ?? '').toLowerCase();
    const items = f.products.filter(
      (x) =>
        (term === '' ||
          x.name.toLowerCase().includes(term) ||
          x.sku.toLowerCase().startsWith(term) ||
          x.barcodes.includes(term)) &&
        (q.get('category') === null || x.category === q.get('category')) &&
        (q.get('active') === null || String(x.active) === q.get('active')),
    );
    const page: AdminProductPage = pageOf(items, q.get('cursor'), limit);
    return { status: 200, json: page };
  }
  if (p.startsWith('/api/admin/products/') && method === 'GET') {
    const prod = f.products.find((x) => x.id === p.split('/')[4]);
    return prod === undefined
      ? { status: 404, json: { error: { code: 'not_found', message: 'no' } } }
      : { status: 200, json: prod };
  }
  if (p === '/api/admin/products/import') {
    const b = body as { rows: unknown[] };
    return {
      status: 200,
      json: { created: b.rows.length, updated: 0, unchanged: 0, stockSet: b.rows.length, errors: [] },
    };
  }
  if (p === '/api/admin/sales') {
    const flag = q.get('flag');
    const items = f.sales.filter((s) =>
      flag === null ? true : flag === 'any' ? s.flags.length > 0 : s.flags.includes(flag as SaleFlag),
    );
    const totals = {
      count: items.length,
      gross: items.reduce((a, s) => a + s.total, 0),
      discount: items.reduce((a, s) => a + s.discount, 0),
      tax: items.reduce((a, s) => a + s.tax, 0),
      byMethod: (['cash', 'qris', 'ewallet', 'card'] as const).map((m) => {
        const of = items.filter((s) => s.methods.includes(m));
        return { method: m, count: of.length, amount: of.reduce((a, s) => a + s.total, 0) };
      }),
    };
    const page: AdminSalePage = { ...pageOf(items, q.get('cursor'), limit), totals };
    return { status: 200, json: page };
  }
  if (p.startsWith('/api/admin/sales/')) {
    const d = saleDetail(f, p.split('/')[4] ?? '');
    return d === undefined
      ? { status: 404, json: { error: { code: 'not_found', message: 'no' } } }
      : { status: 200, json: d };
  }
  if (p === '/api/admin/monitoring') {
    const days = Array.from({ length: 7 }, (_, i) =>
      new Date(Date.now() - i * 86_400_000).toISOString().slice(0, 10),
    );
    const m: MonitoringResponse = {
      days: f.devices.flatMap((d, di) =>
        days.map((date, i) => {
          const accepted = 140 + ((i * 13 + di * 7) % 60);
          const rejected = di === 2 && i === 1 ? 3 : 0;
          const retried = (i + di) % 4;
          return {
            deviceId: d.id,
            branchId: JKT,
            date,
            accepted,
            rejected,
            retried,
            conflicts: di === 1 && i === 0 ? 1 : 0,
            successRate: (accepted + retried) / (accepted + retried + rejected),
          };
        }),
      ),
      openConflicts: [
        {
          id: uuid(7001),
          mutationId: uuid(7002),
          kind: 'product',
          entityId: uuid(1001),
          baseVersion: 3,
          serverVersion: 4,
          mine: { price: 18_500 },
          server: { price: 19_000 },
          createdAt: new Date().toISOString(),
          branchId: JKT,
          deviceId: uuid(101),
        },
      ],
      alerts: f.alerts,
    };
    return { status: 200, json: m };
  }
  if (p === '/api/admin/accounts') {
    const accounts: Account[] = [
      {
        id: uuid(3001),
        username: 'pemilik',
        displayName: 'Ibu Ratna',
        role: 'owner',
        branchIds: [],
        canEditCatalog: true,
        disabled: false,
        createdAt: new Date().toISOString(),
        lastLoginAt: new Date().toISOString(),
      },
      {
        id: uuid(3002),
        username: 'budi',
        displayName: 'Budi Santoso',
        role: 'manager',
        branchIds: [BDG],
        canEditCatalog: false,
        disabled: false,
        createdAt: new Date().toISOString(),
        lastLoginAt: null,
      },
    ];
    return { status: 200, json: accounts };
  }
  if (p === '/api/admin/audit') {
    const page: AuditPage = {
      items: Array.from({ length: 30 }, (_, i) => ({
        id: uuid(4000 + i),
        at: new Date(Date.now() - i * 600_000).toISOString(),
        actor:
          i % 4 === 0
            ? { kind: 'token' as const }
            : { kind: 'account' as const, accountId: uuid(3001), username: 'pemilik' },
        action: ['product.update', 'device.create', 'product.import', 'branch.update'][i % 4]!,
        entityType: 'product',
        entityId: uuid(1000 + i),
        branchId: JKT,
        summary: [
          'Harga Indomie Goreng 3.000 → 3.500',
          'Perangkat Kasir 3 ditambahkan',
          '300 produk diimpor',
          'Jam buka JKT diubah',
        ][i % 4]!,
        details: null,
        ip: '192.168.1.20',
      })),
      cursor: null,
      hasMore: false,
    };
    return { status: 200, json: page };
  }
  return { status: 404, json: { error: { code: 'not_found', message: `fixture has no ${method} ${p}` } } };
}

/** Answers every `/api/*` request of `page` from `f`. */
export async function routeFixtures(page: Page, f: Fixtures): Promise<void> {
  await page.route('**/api/**', async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    f.requests.push(`${req.method()} ${url.pathname}${url.search}`);
    const raw = req.postData();
    const r = answer(f, req.method(), url, raw === null ? undefined : JSON.parse(raw));
    await route.fulfill({
      status: r.status,
      contentType: 'application/json',
      body: r.json === undefined ? '' : JSON.stringify(r.json),
    });
  });
}

/** A new summary with `count` sales today (what a sale reaching the server does to the dashboard). */
export function withSales(f: Fixtures, count: number): void {
  f.summary = summary(Date.now(), count);
}
