// The validation worker's file reader is a helper: when it cannot start, the validation worker
// reads the file's slices itself, slower but with the same result. This file serves a copy of
// the app without the reader's script, so the browser really fails to load it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, open, ROOT } from './harness.mjs';

let env;
let dir;
let big;
const ROWS = 300_000;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-no-reader-'));
  const dist = path.join(dir, 'dist');
  fs.mkdirSync(dist);
  for (const name of fs.readdirSync(path.join(ROOT, 'dist'))) {
    if (name !== 'slice-reader.js') fs.copyFileSync(path.join(ROOT, 'dist', name), path.join(dist, name));
  }
  // More than one 16 MiB slice, so the worker's own reading crosses slice boundaries.
  const small = fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/small.csv'), 'utf8').trimEnd().split('\n');
  const body = small.slice(1).join('\n') + '\n';
  big = path.join(dir, 'big.csv');
  fs.writeFileSync(big, `${small[0]}\n${body.repeat(ROWS / (small.length - 1))}`);
  assert.ok(fs.statSync(big).size > 16 << 20, 'the generated file must span two slices');
  process.env.CERTKIT_DIST = dist;
  env = await setup();
});
after(async () => {
  await env?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('without its file reader the validator reads the file itself: every row, a verdict and the preview', async () => {
  const { page, context, problems } = await open(env, '/');
  const warnings = [];
  page.on('worker', (worker) => worker.on('console', (msg) => { if (msg.type() === 'warning') warnings.push(msg.text()); }));
  await page.locator('#sample-file').setInputFiles(big);
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor({ timeout: 120_000 });
  assert.match(await verdict.getAttribute('data-verdict'), /^(pass|fail)$/);
  assert.ok(warnings.some((w) => w.includes('reading without the reader worker')), `no fallback warning: ${warnings.join(' | ')}`);
  // Every row arrived, through the slice boundary, and the preview was still built.
  assert.match(await page.getByTestId('shape').textContent(), new RegExp(`^${ROWS.toLocaleString('en-US')} rows × 7 columns`));
  await page.getByTestId('preview').waitFor({ timeout: 30_000 });
  // The missing script is the only problem.
  assert.ok(problems.every((p) => /slice-reader\.js|Failed to load resource/.test(p)), problems.join('\n'));
  assert.ok(problems.length > 0, 'the reader script should have been asked for, and missing');
  await context.close();
});
