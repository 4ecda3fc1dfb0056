// The Options panel switches the readings certkit chose (docs/assumptions.md) for the next
// run: the same file gives a different, explained result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, open, assertNoProblems, dropBytes, ROOT } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// tests/fixtures/official/empty-string-quoted.csv: one valid row whose ResourceName is "".
const QUOTED_EMPTY = fs.readFileSync(path.join(ROOT, 'tests/fixtures/official/empty-string-quoted.csv'));

async function validate(page) {
  const verdict = page.locator('[data-testid="verdict"][data-verdict]');
  const hadResult = (await verdict.count()) > 0;
  await dropBytes(page, 'empty-string-quoted.csv', QUOTED_EMPTY);
  // A new run replaces the old result: wait for it to go before waiting for the new one.
  if (hadResult) await verdict.waitFor({ state: 'detached', timeout: 30_000 });
  await verdict.waitFor({ timeout: 30_000 });
}

test('a quoted empty field is null by default and an empty string when the option says so', async () => {
  const { page, context, problems } = await open(env, '/');
  const placeholder = page.getByTestId('findings').locator('tr[data-rule="NullHandling-A-002-M"]');

  await validate(page);
  assert.equal(await placeholder.count(), 0, 'by default "" reads as null');

  await page.getByTestId('run-options').locator('summary').click();
  await page.selectOption('#opt-quoted-empty', 'empty-string');
  await validate(page);
  assert.equal(await placeholder.count(), 1, 'read as an empty string, "" is reported');
  assert.match(await placeholder.textContent(), /ResourceName/);
  const assumptions = await page.locator('details.assumptions').textContent();
  assert.match(assumptions, /read as an empty string/);
  assertNoProblems(problems);
  await context.close();
});

test('the allowed deviations and the tolerance reach the run', async () => {
  const { page, context, problems } = await open(env, '/');
  await page.getByTestId('run-options').locator('summary').click();
  await page.fill('#opt-max-deviations', '3');
  await page.locator('#opt-max-deviations').dispatchEvent('change');
  await page.selectOption('#opt-tolerance', 'rel');
  await page.fill('#opt-tolerance-amount', '0.001');
  await page.locator('#opt-tolerance-amount').dispatchEvent('change');
  await validate(page);
  const summary = await page.locator('.verdict-card').textContent();
  assert.match(summary, /3 allowed|allowed: 3|of 3/i, summary);
  const assumptions = await page.locator('details.assumptions').textContent();
  assert.match(assumptions, /relative difference of at most 0\.001/);
  assertNoProblems(problems);
  await context.close();
});
