// The app shell: opens, navigates by keyboard and mouse, and asks for nothing outside its origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, assertOnlyOwnOrigin, assertNoProblems } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

test('the landing page is Validate, with a file input', async () => {
  const { page, context, requests, problems } = await open(env, '/');
  await page.getByRole('heading', { level: 1, name: 'Validate a FOCUS sample' }).waitFor();
  assert.equal(await page.locator('input[type="file"]').count(), 1);
  assert.equal(await page.title(), 'certkit: FinOps certification readiness');
  assertNoProblems(problems);
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});

test('navigation reaches Score and About, by keyboard too', async () => {
  const { page, context, problems } = await open(env, '/');
  await page.getByRole('link', { name: 'Score' }).click();
  await page.getByRole('heading', { level: 1, name: 'Score a FinOps platform' }).waitFor();
  assert.match(page.url(), /#\/score/);
  // Keyboard: Tab to the About link and press Enter.
  const about = page.getByRole('link', { name: 'About & privacy' });
  await about.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'About certkit and your privacy' }).waitFor();
  assert.equal(await page.getByRole('link', { name: 'About & privacy' }).getAttribute('aria-current'), 'page');
  assertNoProblems(problems);
  await context.close();
});

test('the shell does not load the validator until a file is dropped', async () => {
  const { page, context, requests } = await open(env, '/');
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  assert.ok(requests.some((u) => u.endsWith('certkit-app_bg.wasm')), `app wasm not requested: ${requests}`);
  assert.ok(!requests.some((u) => u.includes('certkit-worker')), `worker loaded too early: ${requests}`);
  await context.close();
});
