// Browser benchmark: validates the bench files (scripts/bench.sh generates them) in the real app,
// in headless Chromium, and prints seconds, MB/s, rows/s, the worker's peak wasm memory and the
// page's peak JS heap, the CPU seconds all of Chromium's processes spent during the run (Linux),
// and the worker's own account of where the time went. Beside each run it measures a floor: the
// seconds (and CPU seconds) Chromium takes only to read the same file in the same slices. A
// measurement, not a test: nothing here passes or fails on speed.
// BENCH_JS_FLAGS="..." passes extra V8 flags, to try the engine's settings.
//
//   node scripts/bench-browser.mjs [--cpu-profile] [--cold] [--runs N] [FILE ...]
//                                   (default: bench-data/focus-1.2-1000000.{csv,parquet})
//
// --runs N runs every file N times, the files taking turns, and ends with each file's fastest,
// median and slowest seconds: this machine's speed swings by up to a third from one minute to
// the next (docs/decisions.md, section 3), so one run says little.
//
// The file is given as a person gives it: a click on the file button opens the chooser, and the
// file is picked DIALOG_SECONDS (2) later, about the least a person takes in a file dialog. The
// app starts its validator on that click, as it does when a file is dragged over the drop zone,
// so every real run finds it loading or loaded. --cold gives the file without the click (no
// dialog, no drag: a flow no person can produce), which adds the validator's start to the run.
// The seconds are timed from the file input's change event either way.
//
// --cpu-profile records Chromium's sampling profile of the worker (through the DevTools protocol)
// and prints the functions that took the most samples: the wasm keeps its function names. The
// profiler slows the run a little, so its seconds are not the figures to quote.
import fs from 'node:fs';
import path from 'node:path';
import { setup, open, ROOT } from '../tests/e2e/harness.mjs';

const args = process.argv.slice(2);
const cpuProfile = args.includes('--cpu-profile');
const cold = args.includes('--cold');
const runsAt = args.indexOf('--runs');
const runs = runsAt < 0 ? 1 : Number(args[runsAt + 1]);
if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench-browser: --runs needs a whole number of runs, 1 or more (for example --runs 5).');
  process.exit(2);
}
const DIALOG_SECONDS = 2;
const files = args.filter((a, i) => a !== '--cpu-profile' && a !== '--cold' && (runsAt < 0 || (i !== runsAt && i !== runsAt + 1)));
if (files.length === 0) {
  for (const ext of ['csv', 'parquet']) files.push(path.join(ROOT, `bench-data/focus-1.2-1000000.${ext}`));
}
for (const f of files) {
  if (!fs.existsSync(f)) {
    console.error(`bench-browser: ${f} is missing; run scripts/bench.sh first (it generates the files).`);
    process.exit(2);
  }
}

const jsFlags = ['--expose-gc', ...(process.env.BENCH_JS_FLAGS || '').split(' ').filter(Boolean)].join(' ');
const env = await setup({ chromiumArgs: ['--enable-precise-memory-info', `--js-flags=${jsFlags}`] });
const initial = await initialLoad(env);
console.log(`initial load: ${(initial.bytes / 1e6).toFixed(2)} MB transferred in ${initial.requests} requests (compressed size: ${(initial.gzip / 1e6).toFixed(2)} MB gzip)`);
console.log(cold
  ? 'files given without a click or drag (--cold): the validator starts after the change event, inside the timed run'
  : `files picked ${DIALOG_SECONDS} s after a click on the file button opened the chooser (the app starts its validator on that click)`);
console.log(['file', 'MB', 'seconds', 'MB/s', 'rows/s', 'worker_peak_MB', 'page_heap_peak_MB', 'cpu_s', 'read_only_s', 'read_only_cpu_s'].join('\t'));
const secondsByFile = new Map(files.map((file) => [file, []]));
for (let round = 0; round < runs; round++) for (const file of files) {
  const floor = await readOnly(env, file);
  const { page, context } = await open(env, '/');
  // Playwright turns Chromium's chooser interception on when a listener is added, and does so
  // asynchronously: the listener goes on at once, well before the click.
  const choosers = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
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
  let started = Date.now();
  const cpuBefore = chromiumCpuSeconds();
  if (cold) {
    await page.locator('input[type="file"]').setInputFiles(file);
  } else {
    // A person clicks the visible "Choose a file…" button (the input's label).
    await page.locator('label[for="sample-file"]').click();
    for (let waited = 0; choosers.length === 0; waited += 50) {
      if (waited > 30_000) throw new Error('a click on the file button opened no file chooser');
      await page.waitForTimeout(50);
    }
    const chooser = choosers[0];
    await page.waitForTimeout(DIALOG_SECONDS * 1000);
    started = Date.now();
    await chooser.setFiles(file);
  }
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
  const cpu = cpuBefore === null ? null : chromiumCpuSeconds() - cpuBefore;
  const seconds = await page.evaluate(() => (window.__benchEnd - window.__benchStart) / 1000);
  secondsByFile.get(file).push(seconds);
  const rows = Number((await page.getByTestId('shape').textContent().catch(() => '0')).replace(/,/g, '').match(/^\d+/)?.[0] || 0);
  console.log([path.basename(file), (bytes / 1e6).toFixed(1), seconds.toFixed(2), (bytes / 1e6 / seconds).toFixed(1),
    Math.round(rows / seconds), (workerPeak / 1e6).toFixed(1), (heapPeak / 1e6).toFixed(1),
    cpu === null ? 'n/a' : cpu.toFixed(1), floor.seconds.toFixed(2), floor.cpu === null ? 'n/a' : floor.cpu.toFixed(1)].join('\t'));
  for (const line of timings) console.log(`  ${line}`);
  if (profiler) for (const line of await profiler.stop()) console.log(`    ${line}`);
  await context.close();
}
if (runs > 1) {
  console.log(['file', 'runs', 'fastest_s', 'median_s', 'slowest_s'].join('\t'));
  for (const [file, all] of secondsByFile) {
    const sorted = [...all].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    console.log([path.basename(file), sorted.length, sorted[0].toFixed(2), median.toFixed(2), sorted.at(-1).toFixed(2)].join('\t'));
  }
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

/**
 * The floor under any validation of `file` in this browser: the seconds Chromium takes only to
 * read it, in the validator's 16 MiB slices, with nothing done with the bytes, and the CPU
 * seconds that costs (every Chromium process; Linux only, else null). Reading a File is a round
 * trip through the browser process in small chunks, so it costs CPU of its own on both cores.
 */
async function readOnly(env, file) {
  const { page, context } = await open(env, '/');
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'bench-read-only';
    document.body.append(input);
  });
  await page.locator('#bench-read-only').setInputFiles(file);
  const before = chromiumCpuSeconds();
  const ms = await page.evaluate(async () => {
    const file = document.getElementById('bench-read-only').files[0];
    const slice = 16 << 20;
    const start = performance.now();
    for (let at = 0; at < file.size; at += slice) await file.slice(at, Math.min(file.size, at + slice)).arrayBuffer();
    return performance.now() - start;
  });
  const cpu = before === null ? null : chromiumCpuSeconds() - before;
  await context.close();
  return { seconds: ms / 1000, cpu };
}

/**
 * CPU seconds (user and system) used so far by the browser this bench launched and every
 * process under it, from /proc; null where there is no /proc.
 */
function chromiumCpuSeconds() {
  if (!fs.existsSync('/proc/self/stat')) return null;
  const stats = new Map();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The fields after the command name, which is in parentheses and may hold spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(pid), { parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  // The browser is the child of this bench (through playwright's launcher) whose command line
  // holds the flag only this bench passes; its processes are everything below it.
  const ours = new Set();
  for (const pid of stats.keys()) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes('--enable-precise-memory-info') && !cmdline.includes('--type=')) ours.add(pid);
    } catch {
      // Gone.
    }
  }
  let ticks = 0;
  for (const [pid, stat] of stats) {
    let at = pid;
    for (let depth = 0; at > 1 && depth < 8 && !ours.has(at); depth++) at = stats.get(at)?.parent ?? 0;
    if (ours.has(at)) ticks += stat.ticks;
  }
  // Linux reports ticks of 1/100 s on every common configuration.
  return ticks / 100;
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
