/**
 * Electronegativity over the app's sources, judged by its SARIF rather than its exit code (the CLI
 * can exit non-zero after a clean scan, or zero after a broken one). Any finding of level warning
 * or error fails the lint; notes (the tool's "review manually" hints) are printed only.
 *
 * The sources are copied to a temporary folder first: the tool walks every file under its input,
 * node_modules included, before filtering, and scanning out/ would judge bundled third-party code.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const CLI = require.resolve('@doyensec/electronegativity/dist/index.js');
const OFFLINE = path.join(import.meta.dirname, 'electronegativity-offline.cjs');
const SARIF = path.join(ROOT, 'electronegativity.sarif');

/** Both look Electron releases up online; CI has no network. */
const EXCLUDED = ['AvailableSecurityFixesGlobalCheck', 'ElectronVersionJSONCheck'];

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'warroom-eng-'));
try {
  fs.cpSync(path.join(ROOT, 'src'), path.join(stage, 'src'), { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(stage, 'package.json'));
  fs.rmSync(SARIF, { force: true });

  const run = spawnSync(
    process.execPath,
    ['--require', OFFLINE, CLI, '-i', stage, '-o', SARIF, '-r', '-v', 'false', '-x', EXCLUDED.join(',')],
    { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
  );
  if (!fs.existsSync(SARIF)) {
    process.stderr.write(run.stdout + run.stderr);
    console.error(`electronegativity: no SARIF written (exit ${run.status}); see output above`);
    process.exit(1);
  }
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}

const sarif = JSON.parse(fs.readFileSync(SARIF, 'utf8'));
const results = (sarif.runs ?? []).flatMap((r) => r.results ?? []);
const where = (r) => {
  const loc = r.locations?.[0]?.physicalLocation;
  return `${loc?.artifactLocation?.uri ?? '?'}:${loc?.region?.startLine ?? '?'}`;
};
const failing = results.filter((r) => r.level === 'warning' || r.level === 'error');
for (const r of results) {
  const tag = failing.includes(r) ? r.level.toUpperCase() : `${r.level ?? 'note'}`;
  console.log(`${tag} ${r.ruleId} ${where(r)} ${r.message?.text ?? ''}`);
}
if (failing.length > 0) {
  console.error(`electronegativity: ${failing.length} finding(s) of level warning or error (SARIF: ${SARIF})`);
  process.exit(1);
}
console.log(
  `electronegativity: no warnings or errors (${results.length} note(s); SARIF: ${path.relative(ROOT, SARIF)})`,
);
