// pkg/: the core as an ES module, as another site would embed it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, open, ROOT, shared } from './harness.mjs';

let env;
before(async () => {
  if (!fs.existsSync(path.join(ROOT, 'pkg/certkit.js'))) throw new Error('pkg/ is not built: run `make pkg` (make test does).');
  env = await setup();
});
after(async () => { await env?.close(); });

test('pkg scores an assessment and validates bytes with the same JSON as the CLI', async () => {
  const { page, context, problems } = await open(env, '/#/about');
  const assessment = fs.readFileSync(path.join(ROOT, 'examples/assessments', fs.readdirSync(path.join(ROOT, 'examples/assessments')).find((f) => f.includes('platform')) ?? 'platform-eligible.json'), 'utf8');
  const sample = fs.readFileSync(shared('focus/samples/focus-1.0_official_sample/focus-1.0_focus_sample_1000rows.csv'), 'utf8');
  const out = await page.evaluate(async ({ assessment, sample }) => {
    const pkg = await import('/__pkg/certkit.js');
    await pkg.default();
    const scored = JSON.parse(pkg.score(assessment));
    const report = JSON.parse(pkg.validateBytes(new TextEncoder().encode(sample), 'sample.csv', JSON.stringify({ focus_version: 'auto' })));
    let error = '';
    try { pkg.score('{"program":"platform","capabilities":["teleportation"]}'); } catch (e) { error = e.message; }
    return { scored, report, error, markdown: pkg.renderReport(JSON.stringify(report), 'markdown'), programs: JSON.parse(pkg.programs()) };
  }, { assessment, sample });
  assert.equal(typeof out.scored.eligible, 'boolean');
  assert.ok('points' in out.scored && 'gates' in out.scored && 'staffing' in out.scored);
  assert.equal(out.report.rows, 1000);
  assert.equal(out.report.focus_version, '1.0');
  assert.match(out.error, /capabilities/);
  assert.match(out.markdown, /^# FOCUS validation report: sample\.csv/);
  assert.ok(out.programs.some((p) => p.id === 'platform'));
  assert.deepEqual(problems, []);
  await context.close();
});
