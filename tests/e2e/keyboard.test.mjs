// Keyboard-only use: every step of a session is done with Tab, Shift+Tab, Enter, Space and
// typing, never with the mouse, and focus is visible wherever it lands.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setup, open, assertNoProblems, ROOT } from './harness.mjs';

let env;
let bigFile;
before(async () => {
  env = await setup();
  // A sample large enough to still be running when Cancel is reached (about 300 MB).
  bigFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'certkit-keyboard-')), 'big.csv');
  const header = 'BilledCost,BillingAccountId,BillingCurrency,ChargeCategory,ChargePeriodEnd,ChargePeriodStart,EffectiveCost\n';
  const chunk = '12.5,acct-000000001,USD,Usage,2025-01-02T00:00:00Z,2025-01-01T00:00:00Z,12.5\n'.repeat(50_000);
  const out = fs.openSync(bigFile, 'w');
  fs.writeSync(out, header);
  for (let i = 0; i < 80; i += 1) fs.writeSync(out, chunk);
  fs.closeSync(out);
});
after(async () => {
  await env?.close();
  if (bigFile) fs.rmSync(path.dirname(bigFile), { recursive: true, force: true });
});

const SMALL = path.join(ROOT, 'tests/e2e/fixtures/small.csv');

/**
 * Presses `key` (Tab or Shift+Tab) until the focused element matches the CSS `selector`
 * (and has the text `text`, if given); fails with the list of elements visited if it is
 * not reached in `max` presses.
 */
async function focusBy(page, selector, { text, key = 'Tab', max = 120 } = {}) {
  const visited = [];
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    const here = await page.evaluate(({ sel, text }) => {
      const el = document.activeElement;
      return { match: !!el && el.matches(sel) && (text === undefined || el.textContent.trim() === text), name: el ? `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${(el.textContent || el.value || '').trim().slice(0, 30)}"` : '(none)' };
    }, { sel: selector, text });
    if (here.match) return;
    visited.push(here.name);
  }
  assert.fail(`${selector}${text ? ` "${text}"` : ''} was not reached with ${key} in ${max} presses; focus went through: ${visited.join(' → ')}`);
}

/** The outline drawn around the focused element (or, for the hidden file input, its label). */
async function focusOutline(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    if (el && el.matches('input[type="file"]')) el = document.querySelector(`label[for="${el.id}"]`);
    const style = getComputedStyle(el);
    return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
  });
}

/**
 * Presses `key` on the focused file input and resolves with the file chooser it opens.
 * The page's `filechooser` listener is registered when the page opens (`listenForChoosers`):
 * Playwright turns Chromium's chooser interception on asynchronously when a listener is
 * added, and a listener added just before the key press sometimes missed the chooser.
 */
async function chooseWithKey(page, choosers, key) {
  const before = choosers.length;
  await page.keyboard.press(key);
  for (let waited = 0; choosers.length === before; waited += 50) {
    assert.ok(waited < 30_000, `${key} on the file input opened no file chooser`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return choosers[choosers.length - 1];
}

function listenForChoosers(page) {
  const choosers = [];
  page.on('filechooser', (chooser) => choosers.push(chooser));
  return choosers;
}

function assertVisibleFocus(outline, what) {
  assert.ok(outline.style !== 'none' && outline.width >= 2, `${what}: focus is not visible (outline ${outline.style} ${outline.width}px)`);
}

test('a whole session with the keyboard alone: pick, validate, filter, sort, score, cancel', async () => {
  const { page, context, problems } = await open(env, '/');
  const choosers = listenForChoosers(page);
  await page.getByRole('heading', { level: 1, name: 'Validate a FOCUS sample' }).waitFor();

  // Tab to the file picker; its focus shows on the "Choose a file…" button; Space opens it.
  await focusBy(page, 'input[type="file"]');
  assertVisibleFocus(await focusOutline(page), 'file picker');
  await (await chooseWithKey(page, choosers, 'Space')).setFiles(SMALL);
  await page.getByTestId('verdict').waitFor({ timeout: 30_000 });

  // The findings filter: typing narrows the table.
  await focusBy(page, '#finding-search');
  assertVisibleFocus(await focusOutline(page), 'findings filter');
  const shownText = () => page.locator('section:has(#findings-title) p[role="status"]').textContent();
  const [, before, total] = (await shownText()).match(/Showing (\d+) of (\d+)/).map(Number);
  assert.ok(total > 1, `the fixture should give several findings, got ${total}`);
  await page.keyboard.type('BilledCost');
  const [, after] = (await shownText()).match(/Showing (\d+) of/).map(Number);
  assert.ok(after < before, `filtering by BilledCost should hide findings (${after} of ${before} shown)`);
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');

  // Sorting by a column: Enter sorts it, Space reverses it.
  await focusBy(page, 'button.sort', { text: 'Failed' });
  assertVisibleFocus(await focusOutline(page), 'sort button');
  const failedHeader = page.locator('th', { has: page.locator('button.sort', { hasText: 'Failed' }) });
  assert.equal(await failedHeader.getAttribute('aria-sort'), 'none');
  await page.keyboard.press('Enter');
  assert.equal(await failedHeader.getAttribute('aria-sort'), 'descending');
  const counts = await page.locator('table.findings tbody td.num').evaluateAll((cells) => cells.map((c) => Number(c.textContent.split(' of ')[0].replace(/,/g, ''))));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'rows are not sorted by failed rows, largest first');
  await page.keyboard.press('Space');
  assert.equal(await failedHeader.getAttribute('aria-sort'), 'ascending');

  // Back up to the navigation and switch to Score.
  await focusBy(page, 'nav a[href="#/score"]', { key: 'Shift+Tab', max: 200 });
  assertVisibleFocus(await focusOutline(page), 'navigation link');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Score a FinOps platform' }).waitFor();
  const points = page.getByTestId('score-points');
  assert.match(await points.textContent(), /^0 of \d+ points/);
  await focusBy(page, '#cap-data-ingestion');
  assertVisibleFocus(await focusOutline(page), 'capability checkbox');
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#cap-data-ingestion').isChecked());
  assert.doesNotMatch(await points.textContent(), /^0 of/, 'checking a capability with Space did not change the score');
  await page.keyboard.press('Space');
  assert.match(await points.textContent(), /^0 of \d+ points/);

  // Back to Validate, start a long run, and stop it with the keyboard.
  await focusBy(page, 'nav a[href="#/"]', { key: 'Shift+Tab', max: 200 });
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Validate a FOCUS sample' }).waitFor();
  await focusBy(page, 'input[type="file"]');
  await (await chooseWithKey(page, choosers, 'Enter')).setFiles(bigFile);
  await page.getByTestId('progress').waitFor({ timeout: 30_000 });
  await focusBy(page, 'button', { text: 'Cancel', max: 10 });
  assertVisibleFocus(await focusOutline(page), 'Cancel button');
  await page.keyboard.press('Enter');
  await page.getByText('Stopped reading big.csv').waitFor({ timeout: 2_000 });
  assert.equal(await page.getByTestId('progress').count(), 0);
  assert.equal(await page.getByTestId('verdict').count(), 0, 'the run finished before Cancel was reached: make the file larger');
  assertNoProblems(problems);
  await context.close();
});
