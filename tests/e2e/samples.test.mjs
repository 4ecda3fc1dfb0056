// Real FOCUS samples from ../shared dropped into the page: the verdict and the right findings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, open, shared, assertOnlyOwnOrigin, assertNoProblems } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function validate(page, file) {
  await page.locator('input[type="file"]').setInputFiles(file);
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor({ timeout: 60_000 });
  return verdict;
}

test('the official FOCUS 1.0 sample: read as 1.0, fails, with its known problems', async () => {
  const { page, context, requests, problems } = await open(env, '/');
  const verdict = await validate(page, shared('focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv'));
  assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
  assert.match(await page.getByTestId('shape').textContent(), /^1,000 rows × 44 columns \(CSV\) · checked as FOCUS 1\.0 \(detected\)/);
  const findings = page.getByTestId('findings');
  // Dates written `2024-10-01 00:00:00` break the DateTimeFormat rules on the required period columns.
  assert.equal(await findings.locator('tr[data-rule="ChargePeriodStart-C-002-M"]').count(), 1);
  assert.match(await findings.locator('tr[data-rule="ChargePeriodStart-C-002-M"]').textContent(), /1,000 of 1,000 values/);
  // The custom `Id` column has no x_ prefix.
  assert.equal(await findings.locator('tr[data-rule="ColumnHandling-A-010-M"]').count(), 1);
  assert.match(await page.locator('.required-columns li[data-column="ChargePeriodStart"]').textContent(), /fails/);
  assert.match(await page.locator('.required-columns li[data-column="BilledCost"]').textContent(), /passes/);
  // Filtering the table by rule id.
  await page.locator('#finding-search').fill('ColumnHandling-A-010');
  assert.equal(await findings.locator('tbody tr').count(), 1);
  assertNoProblems(problems);
  // Privacy: validating a real sample asked for nothing outside the app's origin.
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});

test('a FOCUS 1.2 spec example: missing mandatory columns block, and declarations re-evaluate', async () => {
  const { page, context, problems } = await open(env, '/');
  const verdict = await validate(page, shared('focus/samples/focus-1.2_spec_examples/commitment_discount_flexibility/one_hundred_percent_utilization_without_commitment_discount_flexibility.csv'));
  assert.equal(await verdict.getAttribute('data-verdict'), 'fail');
  // The header spells SkuPriceId as `SkuPriceid`.
  assert.match(await page.locator('#columns-title + ul').textContent(), /SkuPriceid should be SkuPriceId/);
  assert.match(await page.locator('.required-columns li[data-column="BillingAccountId"]').textContent(), /missing/);
  // Declaring an area changes what applies without reading the file again.
  const row = page.locator('tr[data-area="commitment-discounts"]');
  const before = await row.locator('td').last().textContent();
  await row.locator('select').selectOption(before === 'yes' ? 'no' : 'yes');
  assert.notEqual(await row.locator('td').last().textContent(), before);
  assertNoProblems(problems);
  await context.close();
});

test('exports: the JSON report downloads with the contract fields', async () => {
  const { page, context } = await open(env, '/');
  await validate(page, shared('focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JSON' }).click()]);
  const path = await download.path();
  const report = JSON.parse(await (await import('node:fs/promises')).readFile(path, 'utf8'));
  assert.equal(report.focus_version, '1.0');
  assert.equal(report.rows, 1000);
  assert.equal(report.certification.eligible, false);
  assert.ok(report.findings.every((f) => 'rule_id' in f && 'column' in f && 'keyword' in f && 'feature_level' in f && 'failed_rows' in f && 'examples' in f));
  const [md] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download Markdown' }).click()]);
  assert.match(await (await import('node:fs/promises')).readFile(await md.path(), 'utf8'), /^# FOCUS validation report: focus-1\.0_focus_sample_1000rows\.csv/);
  const [junit] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download JUnit XML' }).click()]);
  assert.match(await (await import('node:fs/promises')).readFile(await junit.path(), 'utf8'), /<testcase classname="FOCUS\.ChargePeriodStart" name="ChargePeriodStart-C-002-M \[ChargePeriodStart\]"><failure/);
  await context.close();
});

test('the data preview: first rows, column profiles, charts, and masking of identifiers', async () => {
  const { page, context, problems } = await open(env, '/');
  await validate(page, shared('focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv'));
  const preview = page.getByTestId('preview');
  await preview.waitFor();
  // The profile counts the sample's 1,000 rows per column; ChargeCategory has 3 values.
  const chargeCategory = page.getByTestId('column-profiles').locator('tr[data-column="ChargeCategory"]');
  assert.match(await chargeCategory.textContent(), /Usage \(997\)/);
  // Identifiers are masked by default and shown when the user unticks the box.
  const account = page.getByTestId('column-profiles').locator('tr[data-column="BillingAccountId"]');
  assert.match(await account.textContent(), /masked/);
  await page.locator('#mask-sensitive').uncheck();
  assert.doesNotMatch(await account.textContent(), /masked/);
  // Charts: cost by charge category has a bar per category.
  assert.equal(await page.locator('#chart-charge-category rect').count(), 3);
  // The preview table draws only the rows in view, not all 200.
  const drawn = await page.getByTestId('preview-table').locator('tbody tr:not(.spacer)').count();
  assert.ok(drawn > 0 && drawn < 40, `drew ${drawn} rows`);
  assertNoProblems(problems);
  await context.close();
});

test('a file with a header and no rows still gets its data preview, every column profiled', async () => {
  // The profile worker learns the schema from a message of its own; this file sends no batch
  // after it, so a schema that waited for the first batch would leave the preview missing.
  const { readFile } = await import('node:fs/promises');
  const sample = await readFile(shared('focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv'), 'utf8');
  const header = sample.slice(0, sample.indexOf('\n') + 1);
  const { page, context, problems } = await open(env, '/');
  await page.locator('input[type="file"]').setInputFiles({ name: 'header-only.csv', mimeType: 'text/csv', buffer: Buffer.from(header) });
  await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
  await page.getByTestId('preview').waitFor();
  const profiles = page.getByTestId('column-profiles');
  assert.equal(await profiles.locator('tr[data-column]').count(), header.trim().split(',').length);
  assert.equal(await profiles.locator('tr[data-column="ChargeCategory"]').count(), 1);
  assertNoProblems(problems);
  await context.close();
});
