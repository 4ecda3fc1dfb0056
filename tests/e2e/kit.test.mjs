// The submission kit from a dropped sample: the four artifacts the certification asks for.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setup, open, shared, ROOT, assertOnlyOwnOrigin, assertNoProblems } from './harness.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const SAMPLE = 'focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv';

/** The fields of one CSV line (quoted fields may hold commas; no embedded newlines in these lines). */
function fields(line) {
  return [...line.replace(/\r$/, '').matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
}

async function downloadText(page, buttonName) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName }).click()]);
  return { name: download.suggestedFilename(), text: await fs.readFile(await download.path(), 'utf8') };
}

test('gap report, column mapping, attestation worksheet and anonymized sample, all made in the browser', async () => {
  const { page, context, requests, problems } = await open(env, '/');
  await page.locator('input[type="file"]').setInputFiles(shared(SAMPLE));
  await page.getByTestId('kit').waitFor({ timeout: 60_000 });

  const gap = await downloadText(page, 'Gap report (Markdown)');
  assert.match(gap.text, /^# Conformance Gap Report/);
  assert.match(gap.text, /ChargePeriodStart-C-002-M/);
  const html = await downloadText(page, 'Gap report (HTML, printable)');
  assert.match(html.text, /<html/);
  assert.doesNotMatch(html.text, /<script/i);
  const mapping = await downloadText(page, 'Column mapping (CSV)');
  assert.match(mapping.text.split('\n')[0], /Column/);
  assert.ok(mapping.text.includes('BilledCost'));
  const worksheet = await downloadText(page, 'Attestation worksheet');
  assert.match(worksheet.text, /Invoice/i);
  assert.match(worksheet.text, /Pricing math/i);

  // The anonymized sample: identifiers gone, costs untouched.
  const original = await fs.readFile(shared(SAMPLE), 'utf8');
  const [header, firstRow] = original.split('\n').slice(0, 2).map(fields);
  const accountId = firstRow[header.indexOf('BillingAccountId')];
  await page.locator('#kit-salt').fill('e2e-salt');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Anonymize and download' }).click()]);
  const anonymized = await fs.readFile(await download.path(), 'utf8');
  assert.equal(download.suggestedFilename(), 'focus-1.0_focus_sample_1000rows.anonymized.csv');
  assert.ok(accountId.length >= 4 && !anonymized.includes(accountId), 'a BillingAccountId survived anonymization');
  const lines = anonymized.split('\n').filter(Boolean);
  assert.equal(lines.length, 1001);
  const outHeader = fields(lines[0]);
  assert.equal(fields(lines[1])[outHeader.indexOf('BilledCost')], firstRow[header.indexOf('BilledCost')]);
  await page.getByTestId('anonymize-summary').waitFor();

  assertNoProblems(problems);
  assertOnlyOwnOrigin(env, requests);
  await context.close();
});

test('additions are validated, kept in local storage, and survive a reload', async () => {
  const { page, context } = await open(env, '/');
  await page.locator('input[type="file"]').setInputFiles(shared(SAMPLE));
  await page.getByTestId('kit').waitFor({ timeout: 60_000 });
  const saved = await downloadText(page, 'Save additions (JSON)');
  const additions = JSON.parse(saved.text);
  additions.data_generator = 'Example Cloud';
  await page.locator('#kit-additions').setInputFiles({ name: 'kit-input.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(additions)) });
  await page.getByTestId('kit-additions-status').filter({ hasText: 'loaded' }).waitFor();
  // A broken file is refused with the field named.
  await page.locator('#kit-additions').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"certkit-kit-input/1","nonsense":1}') });
  // The file is read asynchronously: wait for its message rather than reading the previous one.
  await page.getByTestId('kit-additions-status').filter({ hasText: 'nonsense' }).waitFor({ timeout: 10_000 });
  // After a reload and a new validation, the kept additions are used.
  await page.reload();
  await page.locator('input[type="file"]').setInputFiles(shared(SAMPLE));
  await page.getByTestId('kit').waitFor({ timeout: 60_000 });
  const gap = await downloadText(page, 'Gap report (Markdown)');
  assert.match(gap.text, /Example Cloud/);
  await context.close();
});

test('an entered invoice total is compared with the sum of BilledCost the validation computed', async () => {
  // Two billing periods; INV-A sums to 10.78336 USD over two rows, INV-C has a row in EUR and
  // one in USD, and one ResourceId moves from us-west-2 to us-east-1 between the periods.
  const { page, context, problems } = await open(env, '/');
  await page.locator('input[type="file"]').setInputFiles(path.join(ROOT, 'tests/fixtures/submission/two-periods.csv'));
  await page.getByTestId('kit').waitFor({ timeout: 60_000 });
  const saved = await downloadText(page, 'Save additions (JSON)');
  const additions = JSON.parse(saved.text);
  additions.invoice_totals = { 'INV-A': { total: '10.78', currency: 'USD' }, 'INV-B': { total: '1.00', currency: 'USD' } };
  await page.locator('#kit-additions').setInputFiles({ name: 'kit-input.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(additions)) });
  await page.getByTestId('kit-additions-status').filter({ hasText: 'loaded' }).waitFor();
  const worksheet = await downloadText(page, 'Attestation worksheet');
  assert.ok(worksheet.text.includes('| `INV-A` | 10.78 USD | 10.78 USD | 0.00 | match |'), worksheet.text);
  assert.ok(worksheet.text.includes('| `INV-B` | 1.00 USD | 0.28 USD | -0.72 | amount mismatch |'), worksheet.text);
  assert.match(worksheet.text, /1 invoice\(s\) have rows in more than one BillingCurrency/);
  assert.match(worksheet.text, /1 identifier attribute\(s\) changed from one billing period to another/);
  assert.match(worksheet.text, /2025-03-01T00:00:00Z: us-west-2; 2025-04-01T00:00:00Z: us-east-1/);
  assertNoProblems(problems);
  await context.close();
});
