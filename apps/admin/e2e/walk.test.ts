import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, SAMPLE_CSV, ADMIN_TOKEN, pairTill, sellOnTill, startAdminHarness, type AdminHarness } from './harness.ts';

describe('the newcomer walk (issue 11, "Done when")', () => {
  let h: AdminHarness;
  beforeAll(async () => {
    h = await startAdminHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('setup, owner, branch, CSV import with stock, a till paired by its code, a sale on the dashboard within 2 s', async () => {
    const page = await h.page('/admin');
    await page.waitForURL(/\/admin\/setup$/);
    await page.locator('input[name=setupToken]').fill(ADMIN_TOKEN);
    await page.locator('input[name=username]').fill(OWNER.username);
    await page.locator('input[name=displayName]').fill(OWNER.displayName);
    await page.locator('input[name=password]').fill(OWNER.password);
    await page.locator('input[name=repeat]').fill(OWNER.password);
    await page.locator('form button[type=submit]').click();
    await page.getByTestId('tile-count').waitFor();
    await page.getByText(OWNER.displayName).waitFor();

    await page.getByRole('link', { name: 'Cabang' }).click();
    await page.waitForURL(/\/admin\/branches/);
    await page.locator('form').filter({ hasText: 'Cabang baru' }).locator('input').first().fill('jkt');
    await page.locator('form').filter({ hasText: 'Cabang baru' }).locator('input').nth(1).fill('Jakarta Pusat');
    await page.locator('form').filter({ hasText: 'Cabang baru' }).locator('button[type=submit]').click();
    await page.getByTestId('branch-form').waitFor();

    await page.goto(`${h.url}/admin/products/import`);
    await page.getByTestId('csv-file').setInputFiles({
      name: 'produk-contoh.csv',
      mimeType: 'text/csv',
      buffer: readFileSync(SAMPLE_CSV),
    });
    await page.getByTestId('branch-select').selectOption({ label: 'JKT · Jakarta Pusat' });
    await page.getByTestId('dry-run').click();
    await page.getByTestId('dry-run-result').waitFor();
    expect(await page.getByTestId('dry-run-errors').count()).toBe(0);
    await page.getByTestId('apply-import').click();
    await page.getByTestId('import-progress').getByText('300 baru').waitFor();
    expect(await page.getByTestId('import-progress').locator('progress').getAttribute('value')).toBe('300');

    await page.goto(`${h.url}/admin/devices`);
    await page.getByTestId('new-device-name').fill('Kasir 1');
    await page.getByTestId('branch-select').last().selectOption({ label: 'JKT · Jakarta Pusat' });
    await page.locator('form button[type=submit]').click();
    const code = (await page.getByTestId('pairing-code').textContent()) ?? '';
    expect(code).toMatch(/\S{4,}/);

    const till = await pairTill(h, code);
    await page.goto(`${h.url}/admin`);
    await page.getByTestId('tile-count').getByText('0').waitFor();
    await sellOnTill(till.page, 'CTH-0004');
    const sold = Date.now();
    await page.getByTestId('tile-count').getByText('1', { exact: true }).waitFor({ timeout: 5_000 });
    expect(Date.now() - sold).toBeLessThan(2_000);
    await page.getByTestId('tile-gross').getByText('3.500').waitFor();
    expect(h.errors).toEqual([]);
  });
});
