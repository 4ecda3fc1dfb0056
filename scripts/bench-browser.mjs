// Browser benchmark: validates the bench files (scripts/bench.sh generates them) in the real app,
// in headless Chromium, and prints seconds, MB/s, rows/s, the worker's peak wasm memory and the
// page's peak JS heap, and the worker's own account of where the time went. A measurement, not
// a test: nothing here passes or fails on speed.
//
//   node scripts/bench-browser.mjs [--cpu-profile] [FILE ...]
//                                   (default: bench-data/focus-1.2-1000000.{csv,parquet})
//
// --cpu-profile records Chromium's sampling profile of the worker (through the DevTools protocol)
// and prints the functions that took the most samples: the wasm keeps its function names. The
// profiler slows the run a little, so its seconds are not the figures to quote.
import fs from 'node:fs';
import path from 'node:path';
import { setup, open, ROOT } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const cpuProfile = args.includes('--cpu-profile');
const files = args.filter((a) => a !== '--cpu-profile');
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
    if (msg.text().startsWith('certkit-worker timing:')) timings.push(`${msg.text()} (logged ${((Date.now() - started) / 1000).toFixed(2)} s after the file was given)`);
  }));
  const profiler = cpuProfile ? await startWorkerProfiler(context, page) : null;
  await page.locator('input[type="file"]').waitFor();
  const bytes = fs.statSync(file).size;
  let workerPeak = 0;
  let heapPeak = 0;
  // The seconds are timed in the page, from the file input's change event to the moment the
  // verdict (or an error) is in the document, so the sampling interval below adds nothing.
  await page.evaluate(() => {
    document.addEventListener('change', () => { window.__benchStart ??= performance.now(); }, true);
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="verdict"], [data-testid="read-error"]')) window.__benchEnd ??= performance.now();
    }).observe(document.body, { childList: true, subtree: true });
  });
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
  const seconds = await page.evaluate(() => (window.__benchEnd - window.__benchStart) / 1000);
  const rows = Number((await page.getByTestId('shape').textContent().catch(() => '0')).replace(/,/g, '').match(/^\d+/)?.[0] || 0);
  console.log([path.basename(file), (bytes / 1e6).toFixed(1), seconds.toFixed(2), (bytes / 1e6 / seconds).toFixed(1),
    Math.round(rows / seconds), (workerPeak / 1e6).toFixed(1), (heapPeak / 1e6).toFixed(1)].join('\t'));
  for (const line of timings) console.log(`  ${line}`);
  if (profiler) for (const line of await profiler.stop()) console.log(`    ${line}`);
  await context.close();
}
await env.close();

/**
 * Starts the sampling profiler in the page's next worker. The protocol's older, non-flattened
 * mode is used because playwright-core's sessions cannot address a worker's session directly.
 * `stop()` returns the 25 functions with the most samples (self time), as text lines.
 */
async function startWorkerProfiler(context, page) {
  const cdp = await context.newCDPSession(page);
  const replies = new Map();
  let nextId = 1;
  let session = null;
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    replies.get(message.id)?.(message);
  });
  const send = (method, params = {}) => new Promise((resolve) => {
    const id = nextId++;
    replies.set(id, resolve);
    cdp.send('Target.sendMessageToTarget', { sessionId: session, message: JSON.stringify({ id, method, params }) });
  });
  const started = new Promise((resolve) => cdp.on('Target.attachedToTarget', async (event) => {
    if (event.targetInfo.type !== 'worker' || session) return;
    session = event.sessionId;
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 500 });
    await send('Profiler.start');
    resolve();
  }));
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return {
    async stop() {
      await started;
      const reply = await send('Profiler.stop');
      const profile = reply.result?.profile;
      if (!profile) return [`no CPU profile: ${JSON.stringify(reply.error ?? reply)}`];
      const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName || `(${n.callFrame.url.split('/').pop() || 'program'})`]));
      const self = new Map();
      for (const id of profile.samples) {
        const name = names.get(id);
        self.set(name, (self.get(name) ?? 0) + 1);
      }
      return [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)
        .map(([name, n]) => `${(100 * n / profile.samples.length).toFixed(1).padStart(5)} %  ${name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 140)}`);
    },
  };
}

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
