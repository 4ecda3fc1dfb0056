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

/** How many times the page and its workers fetched the validator's loader. */
const loaderFetches = (requests) => requests.filter((u) => new URL(u).pathname === '/worker-loader.js').length;

/** Waits up to 10 s for `condition()` to hold; `failure()` says what did not happen. */
async function until(page, condition, failure) {
  for (let waited = 0; !condition(); waited += 50) {
    assert.ok(waited < 10_000, failure());
    await page.waitForTimeout(50);
  }
}

/**
 * Drags a (file-less) payload over the drop zone and waits until the page asked for `path`:
 * the validator it starts ahead of the drop. Returns the drag's data, to end the drag with.
 */
async function dragOverUntilFetched(page, requests, path) {
  const dataTransfer = await page.evaluateHandle(() => new DataTransfer());
  await page.dispatchEvent('.drop-zone', 'dragover', { dataTransfer });
  await until(page, () => requests.some((u) => new URL(u).pathname === path), () => `a drag over the drop zone did not fetch ${path}`);
  return dataTransfer;
}

test('a drag over the drop zone starts the validator and its profile worker before the drop, and the run uses them', async () => {
  // The fetches of one run that nothing prepared, to compare with.
  const plain = await open(env, '/');
  await plain.page.locator('input[type="file"]').setInputFiles(SMALL);
  await plain.page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  const perRun = loaderFetches(plain.requests);
  assertNoProblems(plain.problems);
  await plain.context.close();

  const { page, context, requests, problems } = await open(env, '/');
  assert.equal(loaderFetches(requests), 0, 'the first visit must not load the validator');
  // The validator loads while the file is still being dragged.
  const dataTransfer = await dragOverUntilFetched(page, requests, '/worker-loader.js');
  // It starts its profile worker too (the same loader), so the run finds both loaded.
  await until(page, () => loaderFetches(requests) === perRun, () => `${loaderFetches(requests)} of a run's ${perRun} workers started during the drag`);
  await page.dispatchEvent('.drop-zone', 'dragleave', { dataTransfer });
  await page.locator('input[type="file"]').setInputFiles(SMALL);
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await page.getByTestId('preview').waitFor({ timeout: 30_000 });
  // The run took the prepared workers: no more fetches than a run alone.
  assert.equal(loaderFetches(requests), perRun);
  assertNoProblems(problems);
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});

/**
 * Drops the small sample while the app's file `glob` answers 404, and returns the error the
 * page shows. Only the missing file may be logged as a problem.
 */
async function errorWithout(glob) {
  const { page, context, problems } = await open(env, '/');
  await context.route(glob, (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.locator('#sample-file').setInputFiles(SMALL);
  const error = page.getByTestId('read-error');
  await error.waitFor({ timeout: 30_000 });
  const text = await error.textContent();
  assert.ok(problems.every((p) => /404|Failed to load resource|could not start/.test(p)), problems.join('\n'));
  await context.close();
  return text;
}

test('a validator that cannot load is reported in the page, with what to do', async () => {
  // The validator's wasm goes missing after the page loaded (an update mid-visit, a broken proxy).
  const text = await errorWithout('**/certkit-worker_bg.wasm');
  assert.match(text, /The validator could not start/);
  assert.match(text, /Reload the page/);
});

test('a validator prepared during a drag that failed to load is replaced at the drop, silently', async () => {
  const { page, context, requests, problems } = await open(env, '/');
  await context.route('**/certkit-worker_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const dataTransfer = await dragOverUntilFetched(page, requests, '/certkit-worker_bg.wasm');
  await page.waitForTimeout(500);
  // Nothing is said while no file was given: the failure belongs to no run yet.
  assert.equal(await page.getByTestId('read-error').count(), 0);
  await context.unroute('**/certkit-worker_bg.wasm');
  await page.dispatchEvent('.drop-zone', 'dragleave', { dataTransfer });
  await page.locator('input[type="file"]').setInputFiles(SMALL);
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  assert.ok(problems.every((p) => /404|Failed to load resource/.test(p)), problems.join('\n'));
  await context.close();
});

test('a validator whose script cannot load is reported in the page, not left running', async () => {
  // A script that fails to load fires a bare `error` event, without a message.
  const text = await errorWithout('**/worker-loader.js');
  assert.match(text, /its script could not be loaded/);
  assert.match(text, /Reload the page/);
});
