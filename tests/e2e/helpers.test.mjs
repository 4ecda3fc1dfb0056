// The validation worker's two helpers: a file reader that reads slices ahead of the parser,
// and a profile worker that builds the data preview on another core from the batches the
// validation worker sends it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, open, assertNoProblems, assertOnlyOwnOrigin, ROOT } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const SMALL = path.join(ROOT, 'tests/e2e/fixtures/small.csv');

test('a run reads through the file reader and builds the preview in the profile worker', async () => {
  const { page, context, requests, problems } = await open(env, '/');
  const workerLines = [];
  page.on('worker', (worker) => worker.on('console', (msg) => workerLines.push(`${msg.type()}: ${msg.text()}`)));
  await page.locator('input[type="file"]').setInputFiles(SMALL);
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await page.getByTestId('preview').waitFor({ timeout: 30_000 });
  // The validation worker's timing line says who built the profile; no helper failed.
  const timing = workerLines.find((l) => l.includes('certkit-worker timing:'));
  assert.ok(timing, `no timing line from the worker: ${workerLines.join(' | ')}`);
  assert.match(timing, /the profile worker's own time/);
  assert.deepEqual(workerLines.filter((l) => l.startsWith('warning')), []);
  // The small file's rows reach the preview.
  assert.match(await page.getByTestId('shape').textContent(), /^3 rows × 7 columns/);
  assert.ok(await page.getByTestId('preview-table').locator('tbody tr:not(.spacer)').count() > 0);
  assertNoProblems(problems);
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});
