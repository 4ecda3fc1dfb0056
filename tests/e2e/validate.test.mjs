// Dropping a file into the Validate page: the worker reads it and answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
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

test('a file of many slices, picked from disk: the reader worker reads every slice, and every row arrives in order', async () => {
  // About 133 MB (1.7M rows of 78 bytes): nine 16 MiB slices, read by the reader worker at most
  // four at a time and let go as the parser passes them. Bad rows sit in early, middle and last
  // slices; the findings must name exactly them.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-slices-'));
  const file = path.join(dir, 'many-slices.csv');
  const good = '12.5,acct-000000001,USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,12.5\n';
  const bad = 'abc,acct-000000001,USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,12.5\n';
  const badRows = [150_000, 900_000, 1_650_000];
  const out = fs.openSync(file, 'w');
  fs.writeSync(out, 'BilledCost,BillingAccountId,BillingCurrency,ChargeCategory,ChargePeriodEnd,ChargePeriodStart,EffectiveCost\n');
  const block = good.repeat(10_000);
  for (let row = 1; row <= 1_700_000; row += 10_000) {
    const inBlock = badRows.filter((r) => r >= row && r < row + 10_000);
    if (inBlock.length === 0) { fs.writeSync(out, block); continue; }
    let text = '';
    for (let r = row; r < row + 10_000; r += 1) text += inBlock.includes(r) ? bad : good;
    fs.writeSync(out, text);
  }
  fs.closeSync(out);
  const slices = Math.ceil(fs.statSync(file).size / (16 << 20));
  assert.ok(slices >= 8, `the generated file spans only ${slices} slices`);
  try {
    const { page, context, problems } = await open(env, '/');
    const timing = [];
    page.on('worker', (worker) => worker.on('console', (msg) => { if (msg.text().startsWith('certkit-worker timing:')) timing.push(msg.text()); }));
    await page.locator('input[type="file"]').setInputFiles(file);
    await page.getByTestId('verdict').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('shape').textContent(), /^1,700,000 rows × 7 columns/);
    const examples = await page.locator('table.findings').textContent();
    for (const row of badRows) assert.match(examples, new RegExp(`row ${row.toLocaleString('en-US')}: abc`));
    for (let waited = 0; timing.length === 0 && waited < 5_000; waited += 100) await page.waitForTimeout(100);
    // Each slice came from the reader worker, once (the validator did not fall back to reading
    // them itself).
    const [, received] = (timing[0] ?? '').match(/\((\d+) slices from the reader worker\)/) ?? [];
    assert.equal(Number(received), slices, `slices from the reader worker: ${timing[0]}`);
    assertNoProblems(problems);
    await context.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
