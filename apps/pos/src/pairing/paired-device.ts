import type { DeviceIdentity } from '@kasir/sync';
import type { KeyValueStorage } from '../common/key-value-storage.ts';

/**
 * This device's credentials and identity, as pairing left them. The token is the device's only
 * credential; the codes make receipt numbers (S10). The server URL is a setting, never a constant.
 */
export interface PairedDevice extends DeviceIdentity {
  readonly serverUrl: string;
  readonly token: string;
  readonly pairedAt: string;
  /**
   * The highest receipt counter the server had from this device code at pairing (issue 13 item 6):
   * the new local database starts above it, so a re-paired till never repeats a number (S10).
   */
  readonly lastInvoiceCounter?: number;
}

/** Where the paired device is kept in `localStorage` (and in its durable copy, pairing-backup.ts). */
export const PAIRED_DEVICE_KEY = 'kasir.device';
const KEY = PAIRED_DEVICE_KEY;
const FIELDS = [
  'serverUrl',
  'token',
  'deviceId',
  'deviceCode',
  'deviceName',
  'branchId',
  'branchCode',
  'branchName',
  'pairedAt',
] as const;

export function loadPairedDevice(storage: KeyValueStorage): PairedDevice | null {
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? 'null');
    if (typeof v !== 'object' || v === null) return null;
    const r = v as Record<string, unknown>;
    if (!FIELDS.every((f) => typeof r[f] === 'string')) return null;
    const device = Object.fromEntries(FIELDS.map((f) => [f, r[f]])) as unknown as PairedDevice;
    const counter = r.lastInvoiceCounter;
    return typeof counter === 'number' && Number.isSafeInteger(counter) && counter >= 0
      ? { ...device, lastInvoiceCounter: counter }
      : device;
  } catch {
    return null;
  }
}

export function savePairedDevice(storage: KeyValueStorage, device: PairedDevice): void {
  storage.setItem(KEY, JSON.stringify(device));
}

export function forgetPairedDevice(storage: KeyValueStorage): void {
  storage.removeItem(KEY);
}

/** `http://host:8080/` -> `http://host:8080`: one spelling, so API paths join cleanly. */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** The local database of one paired device (a re-paired device starts a fresh one). */
export function storeNameOf(device: Pick<PairedDevice, 'deviceId'>): string {
  return `kasir-${device.deviceId}`;
}
