// Browser benchmark: validates the bench files (scripts/bench.sh generates them) in the real app,
// in headless Chromium, and prints seconds, MB/s, rows/s, the worker's peak wasm memory and the
// page's peak JS heap, and the worker's own account of where the time went. A measurement, not
// a test: nothing here passes or fails on speed.
//
//   node scripts/bench-browser.mjs [FILE ...]      (default: bench-data/focus-1.2-1000000.{csv,parquet})
import fs from 'node:fs';
import path from 'node:path';
import { setup, open, ROOT } from '../tests/e2e/harness.mjs';

const files = process.argv.slice(2);
if (files.length === 0) {
  for (const ext of ['csv', 'parquet']) files.push(path.join(ROOT, `bench-data/focus-1.2-1000000.${ext}`));
}
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`bench-browser: ${f} is missing; run scripts/bench.sh first (it generates the files).`);
    process.exit(2);
  }
}

const env = await setup({ chromiumArgs: ['--enable-precise-memory-info', '--js-flags=--expose-gc'] });
const initial = await initialLoad(env);
console.log(`initial load: ${(initial.bytes / 1e6).toFixed(2)} MB transferred in ${initial.requests} requests (compressed size: ${(initial.gzip / 1e6).toFixed(2)} MB gzip)`);
console.log(['file', 'MB', 'seconds', 'MB/s', 'rows/s', 'worker_peak_MB', 'page_heap_peak_MB'].join('\t'));
for (const file of files) {
  const { page, context } = await open(env, '/');
  // The worker logs where its time went (file reads, profile, progress, parsing and rules).
  const timings = [];
  page.on('worker', (worker) => worker.on('console', (msg) => {
    if (msg.text().startsWith('certkit-worker timing:')) timings.push(msg.text());
  }));
  await page.locator('input[type="file"]').waitFor();
  const bytes = fs.statSync(file).size;
  let workerPeak = 0;
  let heapPeak = 0;
  const started = Date.now();
  await page.locator('input[type="file"]').setInputFiles(file);
  for (;;) {
    const sample = await page.evaluate(() => ({
      done: !!document.querySelector('[data-testid="verdict"], [data-testid="read-error"]'),
      memory: Number(document.querySelector('[data-testid="progress"]')?.dataset.memory || 0),
      heap: performance.memory ? performance.memory.usedJSHeapSize : 0,
    }));
    workerPeak = Math.max(workerPeak, sample.memory);
    heapPeak = Math.max(heapPeak, sample.heap);
    if (sample.done) break;
    await page.waitForTimeout(100);
  }
  const seconds = (Date.now() - started) / 1000;
  const rows = Number((await page.getByTestId('shape').textContent().catch(() => '0')).replace(/,/g, '').match(/^\d+/)?.[0] || 0);
  console.log([path.basename(file), (bytes / 1e6).toFixed(1), seconds.toFixed(2), (bytes / 1e6 / seconds).toFixed(1),
    Math.round(rows / seconds), (workerPeak / 1e6).toFixed(1), (heapPeak / 1e6).toFixed(1)].join('\t'));
  for (const line of timings) console.log(`  ${line}`);
  await context.close();
}
await env.close();

/** What a first visit downloads: every response's size, and the gzip size of the same files. */
async function initialLoad(env) {
  const { page, context, requests } = await open(env, '/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  const zlib = await import('node:zlib');
  let total = 0;
  let gzip = 0;
  for (const url of requests) {
    const rel = new URL(url).pathname.replace(/^\//, '') || 'index.html';
    const file = path.join(ROOT, 'dist', rel);
    if (!fs.existsSync(file)) continue;
    const data = fs.readFileSync(file);
    total += data.length;
    gzip += zlib.gzipSync(data, { level: 9 }).length;
  }
  await context.close();
  return { bytes: total, gzip, requests: requests.length };
}
