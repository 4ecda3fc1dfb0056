// The Score page and the embeddable calculator widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, assertOnlyOwnOrigin, assertNoProblems } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const ALL_CAPABILITIES = ['data-ingestion', 'allocation', 'reporting-and-analytics', 'anomaly-management', 'planning-and-estimating',
  'forecasting', 'budgeting', 'benchmarking', 'unit-economics', 'architecting-for-cloud', 'workload-optimization',
  'licensing-and-saas', 'rate-optimization', 'cloud-sustainability', 'finops-practice-operations',
  'finops-education-and-enablement', 'cloud-policy-and-governance', 'invoicing-and-chargeback', 'finops-assessment',
  'onboarding-workloads', 'intersecting-disciplines'];

/** Fills the form of `frame` (a Page or Frame) for an organization that meets every gate. */
async function fillEligible(frame) {
  for (const id of ALL_CAPABILITIES) await frame.locator(`#cap-${id}`).check();
  for (const id of ['scope-public-cloud', 'scope-saas', 'provider-aws', 'provider-azure']) await frame.locator(`#${id}`).check();
  await frame.locator('#company-size').fill('250');
  await frame.locator('#staff-practitioner').fill('10');
  await frame.locator('#staff-professional').fill('2');
  await frame.locator('#staff-focus-analyst').fill('3');
  for (const box of await frame.locator('fieldset:has(legend:text("Gates")) input[type="checkbox"]').all()) await box.check();
  await frame.locator('input[id^="gate-"][type="number"]').fill('6');
}

test('scoring an assessment through the form: points, verdict, link', async () => {
  const { page, context, requests, problems } = await open(env, '/#/score');
  await page.getByRole('heading', { level: 1, name: 'Score a FinOps platform' }).waitFor();
  const verdict = page.getByTestId('score-verdict');
  assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
  assert.match(await page.getByTestId('score-points').textContent(), /^0 of 119 points \(0\.0%\); 89\.25 points needed/);

  await fillEligible(page);
  // 73 capability points + 2 scopes × 3 + 2 providers × 3 = 85 of 119: below 89.25 under the default reading.
  assert.match(await page.getByTestId('score-points').textContent(), /^85 of 119 points/);
  assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
  await page.locator('#compliance-soc').check();
  await page.locator('#compliance-gdpr').check();
  // 91 of 119 ≥ 89.25, and every gate holds.
  assert.match(await page.getByTestId('score-points').textContent(), /^91 of 119 points/);
  assert.equal(await verdict.getAttribute('data-verdict'), 'pass');

  // The state is in the URL: opening the link in a new page shows the same result.
  const link = await page.getByTestId('share-link').getAttribute('href');
  const again = await context.newPage();
  await again.goto(new URL(link, env.url).href);
  assert.match(await again.getByTestId('score-points').textContent(), /^91 of 119 points/);
  assert.equal(await again.getByTestId('score-verdict').getAttribute('data-verdict'), 'pass');

  // One gate failing alone makes it ineligible.
  await page.locator('#gate-linux-foundation-membership').uncheck();
  assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
  assertNoProblems(problems);
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});

test('the shortest paths to pass are listed when points are short', async () => {
  const { page, context } = await open(env, '/#/score');
  // All capabilities but Forecasting (5), Unit Economics (5) and Architecting for Cloud (1): 62 points,
  // plus 5 providers (15) and 4 compliances (12) = 89 of 119, 0.25 short of 89.25.
  for (const id of ALL_CAPABILITIES.filter((c) => !['forecasting', 'unit-economics', 'architecting-for-cloud'].includes(c))) {
    await page.locator(`#cap-${id}`).check();
  }
  for (const id of ['aws', 'azure', 'google-cloud', 'oracle-cloud', 'openstack']) await page.locator(`#provider-${id}`).check();
  for (const id of ['fedramp', 'gdpr', 'soc', 'iso-27001']) await page.locator(`#compliance-${id}`).check();
  assert.match(await page.getByTestId('score-points').textContent(), /^89 of 119 points/);
  const paths = page.getByTestId('shortest-paths');
  await paths.waitFor();
  // The cheapest way is the single 1-point capability, with nothing over.
  assert.match(await paths.locator('li').first().textContent(), /^Architecting for Cloud \(\+1 pts, 0 over\)/);
  await context.close();
});

test('the widget embeds the calculator in a foreign page, isolated, with its state in the host URL', async () => {
  const { page, context, problems } = await open(env, `/host.html?app=${encodeURIComponent(env.url)}`, env.hostUrl);
  const frameElement = page.locator('certkit-calculator').locator('iframe');
  await frameElement.waitFor();
  const frame = page.frameLocator('certkit-calculator iframe');
  await frame.getByRole('heading', { name: 'Score a FinOps platform' }).waitFor();
  // The host's `input { display: none }` and colours do not reach the widget.
  assert.equal(await frame.locator('#cap-allocation').isVisible(), true);
  // The widget's styles do not reach the host.
  assert.equal(await page.locator('#host-title').evaluate((el) => getComputedStyle(el).fontSize), '40px');
  // No site header inside the widget.
  assert.equal(await frame.locator('.site-header').count(), 0);

  await fillEligible(frame);
  await frame.locator('#compliance-soc').check();
  await frame.locator('#compliance-gdpr').check();
  assert.equal(await frame.getByTestId('score-verdict').getAttribute('data-verdict'), 'pass');
  await page.waitForFunction(() => new URL(location.href).searchParams.has('certkit'));
  const shared = page.url();

  // The host URL is a shareable link: a new visitor sees the same result.
  const visitor = await context.newPage();
  await visitor.goto(shared);
  const vframe = visitor.frameLocator('certkit-calculator iframe');
  await vframe.getByTestId('score-verdict').waitFor();
  assert.equal(await vframe.getByTestId('score-verdict').getAttribute('data-verdict'), 'pass');
  assertNoProblems(problems);
  await context.close();
});
