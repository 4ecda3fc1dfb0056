// Dropping a file into the Validate page: the worker reads it and answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, open, assertOnlyOwnOrigin, assertNoProblems, dropGeneratedFile, ROOT } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const SMALL = path.join(ROOT, 'tests/e2e/fixtures/small.csv');

test('a picked CSV is read by the worker: rows and columns are shown', async () => {
  const { page, context, requests, problems } = await open(env, '/');
  await page.locator('input[type="file"]').setInputFiles(SMALL);
  const shape = page.getByTestId('shape');
  await shape.waitFor({ timeout: 30_000 });
  assert.match(await shape.textContent(), /^3 rows × 7 columns/);
  assert.ok(requests.some((u) => u.includes('certkit-worker')), 'the worker was not loaded');
  assertNoProblems(problems);
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});

test('a dropped file (drag and drop) is read too', async () => {
  const { page, context, problems } = await open(env, '/');
  const csv = 'BilledCost,ChargeCategory\n1,Usage\n';
  await page.locator('.drop-zone').waitFor();
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    const zone = document.querySelector('.drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, csv);
  await page.getByTestId('shape').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('shape').textContent(), /^1 row × 2 columns/);
  assertNoProblems(problems);
  await context.close();
});

test('a file that is not CSV or Parquet gets a clear message', async () => {
  const { page, context } = await open(env, '/');
  await page.locator('input[type="file"]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n') });
  const error = page.getByTestId('read-error');
  await error.waitFor({ timeout: 30_000 });
  assert.match(await error.textContent(), /PDF/i);
  await context.close();
});

test('a long run shows progress and stops at once on Cancel', async () => {
  const { page, context, problems } = await open(env, '/');
  // About 250 MB: long enough to still be running when Cancel is pressed.
  await dropGeneratedFile(page, {
    name: 'big.csv',
    header: 'BilledCost,BillingAccountId,BillingCurrency,ChargeCategory,ChargePeriodEnd,ChargePeriodStart,EffectiveCost\n',
    row: '12.5,acct-000000001,USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,12.5\n',
    times: 3_000_000,
  });
  const progress = page.getByTestId('progress');
  await progress.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"] progress')?.value) > 0, null, { timeout: 30_000 });
  assert.match(await progress.textContent(), /rows/);
  await page.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('Stopped reading big.csv').waitFor({ timeout: 2_000 });
  assert.equal(await progress.count(), 0);
  // No result arrives later from the stopped worker.
  await page.waitForTimeout(1_000);
  assert.equal(await page.getByTestId('summary').count(), 0);
  assertNoProblems(problems);
  await context.close();
});

test('a file several times larger than the slices the worker reads: every row counted, bad rows found at their place', async () => {
  const { page, context, problems } = await open(env, '/');
  // 600,000 rows of 78 bytes (about 47 MB): the worker reads 16 MiB slices, so rows straddle
  // slice boundaries (near rows 215,000 and 430,000). Rows 300,000 and 500,000 have a BilledCost
  // that is not a number; the findings must name exactly those rows.
  await page.locator('.drop-zone').waitFor();
  await page.evaluate(() => {
    const header = 'BilledCost,BillingAccountId,BillingCurrency,ChargeCategory,ChargePeriodEnd,ChargePeriodStart,EffectiveCost\n';
    const good = '12.5,acct-000000001,USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,12.5\n';
    const bad = 'abc,acct-000000001,USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,12.5\n';
    const parts = [header];
    const run = (rows) => { for (let i = 0; i < rows / 1000; i += 1) parts.push(good.repeat(1000)); };
    run(299_000); parts.push(good.repeat(999), bad);
    run(199_000); parts.push(good.repeat(999), bad);
    run(100_000);
    const dt = new DataTransfer();
    dt.items.add(new File(parts, 'slices.csv', { type: 'text/csv' }));
    document.querySelector('.drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.getByTestId('verdict').waitFor({ timeout: 120_000 });
  assert.match(await page.getByTestId('shape').textContent(), /^600,000 rows × 7 columns/);
  const examples = await page.locator('table.findings').textContent();
  assert.match(examples, /row 300,000: abc/);
  assert.match(examples, /row 500,000: abc/);
  assertNoProblems(problems);
  await context.close();
});
