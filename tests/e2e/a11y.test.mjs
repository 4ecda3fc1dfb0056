// Accessibility: axe-core finds no serious or critical violation on any page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, seriousA11yViolations } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

for (const [name, hash, heading] of [
  ['Validate', '/', 'Validate a FOCUS sample'],
  ['Score', '/#/score', 'Score a FinOps platform'],
  ['About', '/#/about', 'About certkit and your privacy'],
]) {
  test(`${name} page: no serious or critical axe violations`, async () => {
    const { page, context } = await open(env, hash, env.url, { bypassCSP: true });
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.deepEqual(await seriousA11yViolations(page), []);
    await context.close();
  });
}

test('narrow screens (360 px) do not scroll sideways', async () => {
  const { page, context } = await open(env, '/#/score', env.url, { viewport: { width: 360, height: 740 } });
  await page.getByRole('heading', { level: 1 }).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a 360px screen`);
  await context.close();
});
