import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/create-i18n.ts';
import { memoryPrintJobStore } from './print-job-store.ts';
import { fixtureContext, fixtureSale } from './receipt-fixture.ts';
import { buildReceipt } from './receipt-model.ts';
import { buildRefundReceipt } from './refund-receipt-model.ts';
import { fixtureRefund, fixtureRefundContext } from './refund-receipt-fixture.ts';
import { createPrinting } from './printing.ts';
import type { PrinterNavigator } from './printer-transports.ts';

function memoryStorage() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

/** A USB printer stub recording each transfer. */
function usbNavigator(writes: Uint8Array[]): PrinterNavigator {
  const device = {
    vendorId: 1,
    productId: 2,
    productName: 'Stub',
    opened: false,
    configuration: {
      interfaces: [
        {
          interfaceNumber: 0,
          alternate: {
            interfaceClass: 7,
            endpoints: [{ endpointNumber: 1, direction: 'out', type: 'bulk' }],
          },
        },
      ],
    },
    open: () => Promise.resolve(),
    selectConfiguration: () => Promise.resolve(),
    claimInterface: () => Promise.resolve(),
    transferOut: (_: number, data: Uint8Array) => {
      writes.push(data);
      return Promise.resolve({ status: 'ok' });
    },
    close: () => Promise.resolve(),
  };
  return {
    usb: { requestDevice: () => Promise.resolve(device), getDevices: () => Promise.resolve([device]) },
  };
}

const ESC_P = Buffer.from([0x1b, 0x70]);
const COPY = Buffer.from('*** SALINAN ***');

describe('printing a receipt', async () => {
  const i18n = await createI18n('id');
  const t = (k: string, o?: Record<string, unknown>) => (o === undefined ? i18n.t(k) : i18n.t(k, o));

  it('uses the browser dialog until a printer is chosen', async () => {
    const printing = createPrinting({
      storage: memoryStorage(),
      navigator: {},
      store: memoryPrintJobStore(),
      newId: () => 'x',
    });
    expect(await printing.printReceipt(buildReceipt(fixtureSale, fixtureContext), t, 58)).toBe('browser');
  });

  it('prints the copies the settings ask for, the drawer pulse only on the first copy of a cash sale', async () => {
    const writes: Uint8Array[] = [];
    let n = 0;
    const printing = createPrinting({
      storage: memoryStorage(),
      navigator: usbNavigator(writes),
      store: memoryPrintJobStore(),
      newId: () => `job-${++n}`,
    });
    expect((await printing.choose('usb')).ok).toBe(true);
    printing.update({ ...printing.settings(), copies: 2 });
    expect(await printing.printReceipt(buildReceipt(fixtureSale, fixtureContext), t, 58)).toBe('queued');
    const bytes = Buffer.from(writes[0]!);
    expect(bytes.indexOf(ESC_P)).toBeGreaterThan(0);
    expect(bytes.lastIndexOf(ESC_P)).toBe(bytes.indexOf(ESC_P));
    // The second copy is marked, and comes after the pulse of the first.
    expect(bytes.indexOf(COPY)).toBeGreaterThan(bytes.indexOf(ESC_P));

    // A reprint never opens the drawer; a sale without cash neither.
    await printing.printReceipt(buildReceipt(fixtureSale, { ...fixtureContext, copy: true }), t, 80);
    expect(Buffer.from(writes[1]!).indexOf(ESC_P)).toBe(-1);
    const card = {
      ...fixtureSale,
      input: { ...fixtureSale.input, rounding: 0, payments: [{ method: 'card' as const, amount: 382_650 }] },
    };
    await printing.printReceipt(buildReceipt(card, fixtureContext), t, 58);
    expect(Buffer.from(writes[2]!).indexOf(ESC_P)).toBe(-1);
  });

  it('prints a refund receipt: the drawer opens for cash given back, not for a refund by the original method', async () => {
    const writes: Uint8Array[] = [];
    let n = 0;
    const printing = createPrinting({
      storage: memoryStorage(),
      navigator: usbNavigator(writes),
      store: memoryPrintJobStore(),
      newId: () => `job-${++n}`,
    });
    const cash = buildRefundReceipt(fixtureRefund, fixtureRefundContext);
    expect(await printing.printRefund(cash, t, 58)).toBe('browser');
    expect((await printing.choose('usb')).ok).toBe(true);
    expect(await printing.printRefund(cash, t, 58)).toBe('queued');
    await expect.poll(() => writes.length).toBe(1);
    expect(Buffer.from(writes[0]!).indexOf(ESC_P)).toBeGreaterThan(0);
    expect(Buffer.from(writes[0]!).indexOf(Buffer.from('STRUK REFUND'))).toBeGreaterThan(0);
    const original = buildRefundReceipt({ ...fixtureRefund, method: 'original' }, fixtureRefundContext);
    await printing.printRefund(original, t, 80);
    await expect.poll(() => writes.length).toBe(2);
    expect(Buffer.from(writes[1]!).indexOf(ESC_P)).toBe(-1);
    // A reprint is marked as a copy and never opens the drawer.
    await printing.printRefund({ ...cash, copy: true }, t, 58);
    await expect.poll(() => writes.length).toBe(3);
    expect(Buffer.from(writes[2]!).indexOf(ESC_P)).toBe(-1);
    expect(Buffer.from(writes[2]!).indexOf(COPY)).toBeGreaterThanOrEqual(0);
    expect(Buffer.from(writes[0]!).indexOf(COPY)).toBe(-1);
    // The drawer kick switched off in the settings: no pulse for cash either.
    printing.update({ ...printing.settings(), drawerKick: false });
    await printing.printRefund(cash, t, 58);
    await expect.poll(() => writes.length).toBe(4);
    expect(Buffer.from(writes[3]!).indexOf(ESC_P)).toBe(-1);
  });

  it('prints an X or Z report as laid out, once, without a drawer pulse; the dialog without a printer', async () => {
    const writes: Uint8Array[] = [];
    const printing = createPrinting({
      storage: memoryStorage(),
      navigator: usbNavigator(writes),
      store: memoryPrintJobStore(),
      newId: () => 'report-job',
    });
    const lines = [
      '           LAPORAN Z',
      'Tunai              2 / Rp 35.000',
      'Selisih                  -Rp 500',
    ];
    expect(await printing.printLines('LAPORAN Z', lines, 58)).toBe('browser');
    expect((await printing.choose('usb')).ok).toBe(true);
    printing.update({ ...printing.settings(), copies: 2 });
    expect(await printing.printLines('LAPORAN Z', lines, 58)).toBe('queued');
    await expect.poll(() => writes.length).toBe(1);
    const bytes = Buffer.from(writes[0]!);
    for (const l of lines) expect(bytes.includes(Buffer.from(l))).toBe(true);
    expect(bytes.indexOf(ESC_P)).toBe(-1);
  });

  it('opens the drawer without a sale: the pulse alone, and only with a printer (issue 13)', async () => {
    const writes: Uint8Array[] = [];
    const printing = createPrinting({
      storage: memoryStorage(),
      navigator: usbNavigator(writes),
      store: memoryPrintJobStore(),
      newId: () => 'drawer-job',
    });
    expect(await printing.kickDrawer()).toBe(false);
    expect((await printing.choose('usb')).ok).toBe(true);
    expect(await printing.kickDrawer()).toBe(true);
    await expect.poll(() => writes.length).toBe(1);
    const bytes = Buffer.from(writes[0]!);
    expect(bytes.indexOf(ESC_P)).toBeGreaterThanOrEqual(0);
    expect(bytes.length).toBeLessThan(16);
  });
});
