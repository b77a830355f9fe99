/**
 * Thin transports to a thermal printer from the browser: WebUSB (USB printers), Web Serial (USB
 * serial adapters and Bluetooth Classic printers paired with the OS, which appear as serial ports)
 * and Web Bluetooth (BLE printers). Only the few calls used here are typed, structurally, so tests
 * can stub `navigator.usb` / `navigator.serial` with plain objects that record the bytes.
 */

export type PrinterKind = 'usb' | 'serial' | 'bluetooth';
export const PRINTER_KINDS: readonly PrinterKind[] = ['usb', 'serial', 'bluetooth'];

/** What the till remembers of the chosen printer, to reconnect without asking again. */
export interface RememberedPrinter {
  readonly kind: PrinterKind;
  readonly label: string;
  readonly vendorId?: number | undefined;
  readonly productId?: number | undefined;
  readonly serialNumber?: string | undefined;
  readonly bluetoothId?: string | undefined;
}

/** An open connection; `write` rejects when the printer is gone. */
export interface PrinterLink {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export type ConnectResult =
  | { readonly ok: true; readonly link: PrinterLink; readonly printer: RememberedPrinter }
  | {
      readonly ok: false;
      readonly reason: 'unavailable' | 'not_found' | 'cancelled' | 'failed';
      readonly message: string;
    };

interface UsbEndpointLike {
  readonly endpointNumber: number;
  readonly direction: string;
  readonly type: string;
}
interface UsbInterfaceLike {
  readonly interfaceNumber: number;
  readonly alternate: { readonly interfaceClass: number; readonly endpoints: readonly UsbEndpointLike[] };
}
interface UsbDeviceLike {
  readonly vendorId: number;
  readonly productId: number;
  readonly serialNumber?: string | undefined;
  readonly productName?: string | undefined;
  readonly opened: boolean;
  readonly configuration: { readonly interfaces: readonly UsbInterfaceLike[] } | null;
  open(): Promise<void>;
  selectConfiguration(value: number): Promise<void>;
  claimInterface(n: number): Promise<void>;
  transferOut(endpoint: number, data: Uint8Array): Promise<{ readonly status: string }>;
  close(): Promise<void>;
}
interface UsbLike {
  requestDevice(options: { filters: readonly object[] }): Promise<UsbDeviceLike>;
  getDevices(): Promise<UsbDeviceLike[]>;
}
interface SerialPortLike {
  getInfo(): { usbVendorId?: number; usbProductId?: number };
  open(options: { baudRate: number }): Promise<void>;
  readonly writable: WritableStream<Uint8Array> | null;
  close(): Promise<void>;
}
interface SerialLike {
  requestPort(options?: object): Promise<SerialPortLike>;
  getPorts(): Promise<SerialPortLike[]>;
}
interface BtCharacteristicLike {
  readonly properties: { readonly write: boolean; readonly writeWithoutResponse: boolean };
  writeValueWithoutResponse?(data: Uint8Array): Promise<void>;
  writeValue(data: Uint8Array): Promise<void>;
}
interface BtServerLike {
  readonly connected: boolean;
  connect(): Promise<BtServerLike>;
  disconnect(): void;
  getPrimaryServices(): Promise<{ getCharacteristics(): Promise<BtCharacteristicLike[]> }[]>;
}
interface BtDeviceLike {
  readonly id: string;
  readonly name?: string | undefined;
  readonly gatt?: BtServerLike | undefined;
}
interface BluetoothLike {
  requestDevice(options: object): Promise<BtDeviceLike>;
  getDevices?(): Promise<BtDeviceLike[]>;
}

/** The browser APIs a printer may be reached through; any may be missing. */
export interface PrinterNavigator {
  readonly usb?: UsbLike | undefined;
  readonly serial?: SerialLike | undefined;
  readonly bluetooth?: BluetoothLike | undefined;
}

export const printerNavigatorOf = (nav: Navigator): PrinterNavigator => nav as unknown as PrinterNavigator;

/** The kinds this browser offers; none means browser printing only. */
export const availableKinds = (nav: PrinterNavigator): PrinterKind[] =>
  PRINTER_KINDS.filter((k) => nav[k] !== undefined);

/** GATT services of common BLE receipt printers (generic, Xprinter/Goojprt, Microchip ISSC). */
const BLE_PRINTER_SERVICES = [
  '000018f0-0000-1000-8000-00805f9b34fb',
  'e7810a71-73ae-499d-8c15-faa9aef0c3f2',
  '49535343-fe7d-4ae5-8fa9-9fafd205e455',
];
/** Cheap BLE printers drop writes larger than their MTU; small chunks always pass. */
const BLE_CHUNK = 100;
const SERIAL_BAUD_RATE = 9600;
const USB_PRINTER_CLASS = 7;

const message = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const cancelled = (e: unknown): boolean => e instanceof Error && e.name === 'NotFoundError';

/** Asks the cashier to pick a printer of `kind` (needs a click) and connects to it. */
export async function choosePrinter(nav: PrinterNavigator, kind: PrinterKind): Promise<ConnectResult> {
  try {
    if (kind === 'usb') {
      if (!nav.usb) return unavailable(kind);
      return await openUsb(await nav.usb.requestDevice({ filters: [] }));
    }
    if (kind === 'serial') {
      if (!nav.serial) return unavailable(kind);
      return await openSerial(await nav.serial.requestPort());
    }
    if (!nav.bluetooth) return unavailable(kind);
    return await openBluetooth(
      await nav.bluetooth.requestDevice({ acceptAllDevices: true, optionalServices: BLE_PRINTER_SERVICES }),
    );
  } catch (e) {
    return cancelled(e)
      ? { ok: false, reason: 'cancelled', message: message(e) }
      : { ok: false, reason: 'failed', message: message(e) };
  }
}

/** Reconnects to the remembered printer without a prompt (the browser kept the permission). */
export async function reconnectPrinter(nav: PrinterNavigator, p: RememberedPrinter): Promise<ConnectResult> {
  try {
    if (p.kind === 'usb') {
      if (!nav.usb) return unavailable(p.kind);
      const devices = await nav.usb.getDevices();
      const d = devices.find(
        (x) =>
          x.vendorId === p.vendorId &&
          x.productId === p.productId &&
          (p.serialNumber === undefined || x.serialNumber === p.serialNumber),
      );
      return d ? await openUsb(d) : notFound(p);
    }
    if (p.kind === 'serial') {
      if (!nav.serial) return unavailable(p.kind);
      const ports = await nav.serial.getPorts();
      const port =
        ports.find(
          (x) => x.getInfo().usbVendorId === p.vendorId && x.getInfo().usbProductId === p.productId,
        ) ?? (ports.length === 1 ? ports[0] : undefined);
      return port ? await openSerial(port) : notFound(p);
    }
    if (!nav.bluetooth?.getDevices) return unavailable(p.kind);
    const d = (await nav.bluetooth.getDevices()).find((x) => x.id === p.bluetoothId);
    return d ? await openBluetooth(d) : notFound(p);
  } catch (e) {
    return { ok: false, reason: 'failed', message: message(e) };
  }
}

const unavailable = (kind: PrinterKind): ConnectResult => ({
  ok: false,
  reason: 'unavailable',
  message: `this browser has no ${kind} access`,
});
const notFound = (p: RememberedPrinter): ConnectResult => ({
  ok: false,
  reason: 'not_found',
  message: `printer ${p.label} is not connected`,
});

async function openUsb(device: UsbDeviceLike): Promise<ConnectResult> {
  if (!device.opened) await device.open();
  if (device.configuration === null) await device.selectConfiguration(1);
  const interfaces = device.configuration?.interfaces ?? [];
  // Prefer the printer-class interface; some printers expose a vendor-specific one only.
  const ordered = [...interfaces].sort(
    (a, b) =>
      Number(b.alternate.interfaceClass === USB_PRINTER_CLASS) -
      Number(a.alternate.interfaceClass === USB_PRINTER_CLASS),
  );
  for (const itf of ordered) {
    const out = itf.alternate.endpoints.find((e) => e.direction === 'out' && e.type === 'bulk');
    if (!out) continue;
    await device.claimInterface(itf.interfaceNumber);
    const printer: RememberedPrinter = {
      kind: 'usb',
      label: device.productName ?? `USB ${hex(device.vendorId)}:${hex(device.productId)}`,
      vendorId: device.vendorId,
      productId: device.productId,
      ...(device.serialNumber ? { serialNumber: device.serialNumber } : {}),
    };
    return {
      ok: true,
      printer,
      link: {
        async write(bytes) {
          const r = await device.transferOut(out.endpointNumber, bytes);
          if (r.status !== 'ok') throw new Error(`USB transfer ${r.status}`);
        },
        close: () => device.close(),
      },
    };
  }
  return { ok: false, reason: 'failed', message: 'the USB device has no bulk output endpoint' };
}

async function openSerial(port: SerialPortLike): Promise<ConnectResult> {
  if (port.writable === null) await port.open({ baudRate: SERIAL_BAUD_RATE });
  const info = port.getInfo();
  const printer: RememberedPrinter = {
    kind: 'serial',
    label:
      info.usbVendorId === undefined
        ? 'Serial / Bluetooth'
        : `Serial ${hex(info.usbVendorId)}:${hex(info.usbProductId ?? 0)}`,
    vendorId: info.usbVendorId,
    productId: info.usbProductId,
  };
  return {
    ok: true,
    printer,
    link: {
      async write(bytes) {
        if (port.writable === null) throw new Error('serial port closed');
        const writer = port.writable.getWriter();
        try {
          await writer.write(bytes);
        } finally {
          writer.releaseLock();
        }
      },
      close: () => port.close(),
    },
  };
}

async function openBluetooth(device: BtDeviceLike): Promise<ConnectResult> {
  if (!device.gatt) return { ok: false, reason: 'failed', message: 'not a Bluetooth LE device' };
  const server = await device.gatt.connect();
  for (const service of await server.getPrimaryServices()) {
    const ch = (await service.getCharacteristics()).find(
      (c) => c.properties.writeWithoutResponse || c.properties.write,
    );
    if (!ch) continue;
    const printer: RememberedPrinter = {
      kind: 'bluetooth',
      label: device.name ?? 'Bluetooth',
      bluetoothId: device.id,
    };
    return {
      ok: true,
      printer,
      link: {
        async write(bytes) {
          if (!server.connected) await server.connect();
          for (let i = 0; i < bytes.length; i += BLE_CHUNK) {
            const chunk = bytes.slice(i, i + BLE_CHUNK);
            if (ch.properties.writeWithoutResponse && ch.writeValueWithoutResponse)
              await ch.writeValueWithoutResponse(chunk);
            else await ch.writeValue(chunk);
          }
        },
        close: () => Promise.resolve(server.disconnect()),
      },
    };
  }
  return { ok: false, reason: 'failed', message: 'no writable printer characteristic found' };
}

const hex = (n: number): string => n.toString(16).padStart(4, '0');
