// Dropping a file into the Validate page: the worker reads it and answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, open, assertOnlyOwnOrigin, assertNoProblems, ROOT } from './harness.mjs';

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
