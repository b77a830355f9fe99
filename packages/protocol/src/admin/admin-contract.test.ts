import { describe, expect, it } from 'vitest';
import { SetupBody, Username } from './accounts.ts';
import { AdminProductQuery } from './admin-products.ts';
import { AdminSaleQuery } from './admin-sales.ts';
import { BranchUpdateBody, Npwp, WeeklyHours } from './branch-settings.ts';
import { DeviceCommandBody } from './device-commands.ts';

describe('back office contract', () => {
  it('refuses a password shorter than 10 characters at setup', () => {
    const body = { setupToken: 't', username: 'Budi', displayName: 'Budi', password: '123456789' };
    expect(SetupBody.safeParse(body).success).toBe(false);
    expect(SetupBody.parse({ ...body, password: '1234567890' }).username).toBe('budi');
  });

  it('keeps usernames to a safe alphabet', () => {
    expect(Username.safeParse('budi santoso').success).toBe(false);
    expect(Username.parse(' Budi.S ')).toBe('budi.s');
  });

  it('reads query strings: active as a boolean, limit as a number, bad values refused', () => {
    expect(AdminProductQuery.parse({ active: 'false', limit: '50' })).toEqual({ active: false, limit: 50 });
    expect(AdminProductQuery.safeParse({ active: 'yes' }).success).toBe(false);
    expect(AdminProductQuery.safeParse({ limit: '5000' }).success).toBe(false);
  });

  it('takes ISO dates or instants with an offset, and the flagged view', () => {
    expect(AdminSaleQuery.safeParse({ from: '2026-03-01', to: '2026-03-01T23:00:00+07:00' }).success).toBe(
      true,
    );
    expect(AdminSaleQuery.safeParse({ from: '1/3/2026' }).success).toBe(false);
    // The wire value `flag=any` (ANY_SALE_FLAG) is pinned here as clients send it: a string, not a type.
    expect(AdminSaleQuery.parse({ flag: 'any' }).flag).toBe('any');
    expect(AdminSaleQuery.safeParse({ flag: 'stolen' }).success).toBe(false);
  });

  it('normalises an NPWP written with dots and dashes', () => {
    expect(Npwp.parse('01.234.567.8-901.000')).toBe('012345678901000');
    expect(Npwp.safeParse('12345').success).toBe(false);
  });

  it('needs seven days of opening hours and a real time zone', () => {
    expect(WeeklyHours.safeParse([null]).success).toBe(false);
    const week = Array.from({ length: 7 }, () => ({ open: '08:00', close: '21:30' }));
    expect(BranchUpdateBody.safeParse({ openingHours: week, timeZone: 'Asia/Makassar' }).success).toBe(true);
    expect(BranchUpdateBody.safeParse({ timeZone: 'Mars/Olympus' }).success).toBe(false);
  });

  it('knows exactly two device commands', () => {
    expect(DeviceCommandBody.safeParse({ type: 'redownload' }).success).toBe(true);
    expect(DeviceCommandBody.safeParse({ type: 'wipe' }).success).toBe(false);
  });
});
