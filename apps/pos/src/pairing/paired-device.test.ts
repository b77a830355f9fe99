import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../common/key-value-storage.ts';
import {
  forgetPairedDevice,
  loadPairedDevice,
  normalizeServerUrl,
  savePairedDevice,
  type PairedDevice,
} from './paired-device.ts';

const device: PairedDevice = {
  serverUrl: 'http://127.0.0.1:8080',
  token: 'kd_x',
  deviceId: 'd1',
  deviceCode: '01',
  deviceName: 'Kasir 1',
  branchId: 'b1',
  branchCode: 'JKT',
  branchName: 'Jakarta',
  pairedAt: '2026-01-01T00:00:00.000Z',
};

describe('paired device', () => {
  it('persists and forgets the identity', () => {
    const s = memoryStorage();
    expect(loadPairedDevice(s)).toBeNull();
    savePairedDevice(s, device);
    expect(loadPairedDevice(s)).toEqual(device);
    forgetPairedDevice(s);
    expect(loadPairedDevice(s)).toBeNull();
  });

  it('rejects an incomplete record', () => {
    const s = memoryStorage();
    s.setItem('kasir.device', JSON.stringify({ ...device, token: 5 }));
    expect(loadPairedDevice(s)).toBeNull();
  });

  it('normalizes the server URL', () => {
    expect(normalizeServerUrl(' http://h:8080/ ')).toBe('http://h:8080');
  });
});
