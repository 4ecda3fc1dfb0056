// Browser-test harness: serves dist/ on a free loopback port, drives Debian's Chromium
// through playwright-core, fails on any console error or page error, and records every
// request the page makes so tests can prove nothing left the app's origin.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED = path.resolve(ROOT, '../shared');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Path of a file under ../shared; throws a clear error when ../shared is absent. */
export function shared(rel) {
  const p = path.join(SHARED, rel);
  if (!fs.existsSync(p)) {
    throw new Error(`${p} is missing: the browser tests read FOCUS samples from ../shared beside the repository.`);
  }
  return p;
}

/** Starts the server and the browser once for a test file. */
export async function setup({ chromiumArgs = [] } = {}) {
  // CERTKIT_DIST serves another build (the bench compares variants); the tests use dist/.
  const dist = process.env.CERTKIT_DIST || path.join(ROOT, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) {
    throw new Error('dist/ is not built: run `make test` (or scripts/build-web.sh) first.');
  }
  const { server, url } = await startServer({ root: dist, port: 0, extraRoots: { '/__pkg/': path.join(ROOT, 'pkg') } });
  // A second origin plays a foreign website that embeds certkit.
  const host = await startServer({ root: path.join(ROOT, 'tests/e2e/pages'), port: 0, csp: false });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions', ...chromiumArgs],
  });
  return {
    url,
    origin: new URL(url).origin,
    hostUrl: host.url,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await new Promise((resolve) => host.server.close(resolve));
    },
  };
}

/**
 * Opens `pathname` in a fresh context. Returns {page, requests, problems}: `requests` lists
 * every URL the page or its workers asked for, `problems` every console error and page error.
 */
export async function open(env, pathname = '/', base = env.url, contextOptions = {}) {
  const context = await env.browser.newContext({ acceptDownloads: true, ...contextOptions });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  context.on('request', (req) => requests.push(req.url()));
  context.on('response', (res) => { if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`); });
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('worker', (worker) => {
    worker.on('console', (msg) => { if (msg.type() === 'error') problems.push(`worker console: ${msg.text()}`); });
  });
  await page.goto(new URL(pathname, base).href);
  return { page, context, requests, problems };
}

/** Asserts that every request stayed on the app's own origin (blob: and data: URLs are local). */
export function assertOnlyOwnOrigin(env, requests) {
  const foreign = requests.filter((u) => !(u.startsWith(env.origin + '/') || u.startsWith('blob:') || u.startsWith('data:')));
  assert.deepEqual(foreign, [], `requests left the app's origin: ${foreign.join(', ')}`);
}

export function assertNoProblems(problems) {
  assert.deepEqual(problems, [], `the page logged errors:\n${problems.join('\n')}`);
}

/**
 * Runs axe-core on the page and returns the serious and critical violations. The context must
 * have been opened with `{ bypassCSP: true }`, since axe is injected as an inline script.
 */
export async function seriousA11yViolations(page) {
  await page.addScriptTag({ path: path.join(ROOT, 'node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join('; ')}`);
}

/** Drops a File made in the page (from `parts` repeated `times`) onto the Validate page's drop zone. */
export async function dropGeneratedFile(page, { name, header, row, times }) {
  await page.locator('.drop-zone').waitFor();
  await page.evaluate(({ name, header, row, times }) => {
    const chunk = row.repeat(1000);
    const parts = [header];
    for (let i = 0; i < times / 1000; i += 1) parts.push(chunk);
    const dt = new DataTransfer();
    dt.items.add(new File(parts, name, { type: 'text/csv' }));
    document.querySelector('.drop-zone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name, header, row, times });
}

/** Drops a file with exactly these bytes (a Buffer or Uint8Array) onto the Validate page's drop zone. */
export async function dropBytes(page, name, bytes, type = '') {
  await page.locator('.drop-zone').waitFor();
  await page.evaluate(({ name, base64, type }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], name, { type }));
    const zone = document.querySelector('.drop-zone');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, { name, base64: Buffer.from(bytes).toString('base64'), type });
}
