// Unusual and broken files dropped in the browser: each gets a clear message in the page
// (what is wrong, where, what to do) or, when it is readable, a result that says what was
// noticed; never a blank page or a frozen tab.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { setup, open, assertNoProblems, dropBytes, shared } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const HEADER = 'BilledCost,BillingAccountId,BillingCurrency,ChargeCategory,ChargePeriodEnd,ChargePeriodStart,EffectiveCost,ServiceName\n';
const ROW = (i, name) => `1.5,acct-${i},USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,1.5,${name}\n`;

/** Drops `bytes` and waits for the error card; returns its text. */
async function dropAndReadError(page, name, bytes) {
  await dropBytes(page, name, bytes);
  const card = page.getByTestId('read-error');
  await card.waitFor({ timeout: 30_000 });
  return {
    title: await card.locator('h2').textContent(),
    message: await card.locator('.error-message').textContent(),
    hint: await card.locator('.error-hint').textContent(),
  };
}

/** The page still works after the failure: a good file dropped next is validated. */
async function assertStillResponsive(page) {
  await dropBytes(page, 'good.csv', Buffer.from(HEADER + ROW(1, 'Compute')));
  await page.getByTestId('verdict').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('read-error').count(), 0, 'the old error stayed on screen');
}

test('a truncated Parquet file: says it ends early and to export it again', async () => {
  const { page, context, problems } = await open(env, '/');
  const whole = fs.readFileSync(shared('focus/samples/focus_validator_test_fixtures/sample.parquet'));
  const error = await dropAndReadError(page, 'cut.parquet', whole.subarray(0, Math.floor(whole.length / 2)));
  assert.match(error.title, /cut\.parquet could not be read/);
  assert.match(error.message, /Parquet file ends early/i);
  assert.match(error.hint, /again/i);
  await assertStillResponsive(page);
  assertNoProblems(problems);
  await context.close();
});

test('a CSV with Latin-1 bytes: names the row and column and says to save as UTF-8', async () => {
  const { page, context, problems } = await open(env, '/');
  // Row 3's ServiceName is "Café" in Latin-1: é is the single byte 0xE9, not valid UTF-8.
  const bytes = Buffer.concat([
    Buffer.from(HEADER + ROW(1, 'Compute') + ROW(2, 'Storage')),
    Buffer.from(ROW(3, 'Caf\u00e9'), 'latin1'),
  ]);
  const error = await dropAndReadError(page, 'latin1.csv', bytes);
  assert.match(error.message, /not valid UTF-8/);
  assert.match(error.message, /row 3, column ServiceName/);
  assert.match(error.hint, /save the file as UTF-8/i);
  await assertStillResponsive(page);
  assertNoProblems(problems);
  await context.close();
});

test('an empty file: says it is empty and what to choose instead', async () => {
  const { page, context, problems } = await open(env, '/');
  const error = await dropAndReadError(page, 'empty.csv', Buffer.alloc(0));
  assert.match(error.message, /empty/i);
  assert.ok(error.hint.trim().length > 0, 'the empty-file message has no hint');
  await assertStillResponsive(page);
  assertNoProblems(problems);
  await context.close();
});

test('a CSV separated by semicolons is read, and the page says so', async () => {
  const { page, context, problems } = await open(env, '/');
  const text = (HEADER + ROW(1, 'Compute') + ROW(2, 'Storage')).replace(/,/g, ';');
  await dropBytes(page, 'semicolons.csv', Buffer.from(text));
  await page.getByTestId('verdict').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('shape').textContent(), /^2 rows × 8 columns/);
  assert.match(await page.getByTestId('notices').textContent(), /separated by semicolons/);
  assertNoProblems(problems);
  await context.close();
});

test('a CSV with a byte-order mark is read, and the first column keeps its name', async () => {
  const { page, context, problems } = await open(env, '/');
  await dropBytes(page, 'bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(HEADER + ROW(1, 'Compute'))]));
  await page.getByTestId('verdict').waitFor({ timeout: 30_000 });
  assert.match(await page.getByTestId('shape').textContent(), /^1 row × 8 columns/);
  // BilledCost is the first column: with the BOM left in, it would be a misnamed column and fail.
  assert.match(await page.locator('.required-columns li[data-column="BilledCost"]').textContent(), /passes/);
  assert.match(await page.getByTestId('notices').textContent(), /byte-order mark/);
  assertNoProblems(problems);
  await context.close();
});
