/**
 * Lets plain Node 24 run the TypeScript sources as they are, for benchmarks and for child
 * processes spawned by tests (vitest transforms them itself; these scripts run outside it).
 *
 * Two gaps between the sources and Node's built-in type stripping are bridged here:
 * - imports are extensionless (`../store/op-store`, `../ops` for ops/index.ts), as bundler
 *   resolution allows, while Node resolves only exact paths;
 * - the sources use parameter properties (`constructor(readonly x: T)`), which strip-only mode
 *   refuses, so project .ts files are transformed rather than stripped.
 *
 * Use either `node --import ./scripts/ts-hooks.mjs file.ts`, or import this module first and then
 * load the sources with a dynamic `import()` (static imports are linked before any code runs).
 */
import fs from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const CANDIDATES = ['.ts', '.tsx', '/index.ts', '/index.tsx'];
const REGISTERED = Symbol.for('warroom.ts-hooks');

function isRelative(specifier) {
  return specifier.startsWith('./') || specifier.startsWith('../');
}

function isTypeScriptFile(url) {
  return url.startsWith('file:') && /\.tsx?$/.test(url) && !url.includes('/node_modules/');
}

/** The first existing `.ts`, `.tsx` or `index.ts` file an extensionless relative import means. */
export function resolveTsPath(specifier, parentURL) {
  const base = new URL(specifier, parentURL);
  const file = fileURLToPath(base);
  for (const suffix of CANDIDATES) {
    const candidate = file + suffix;
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return pathToFileURL(candidate).href;
  }
  return null;
}

function resolve(specifier, context, nextResolve) {
  if (isRelative(specifier) && context.parentURL && isTypeScriptFile(context.parentURL)) {
    try {
      return nextResolve(specifier, context);
    } catch (err) {
      const url = resolveTsPath(specifier, context.parentURL);
      if (url) return { url, format: 'module', shortCircuit: true };
      throw err;
    }
  }
  return nextResolve(specifier, context);
}

function load(url, context, nextLoad) {
  if (!isTypeScriptFile(url)) return nextLoad(url, context);
  const source = fs.readFileSync(fileURLToPath(url), 'utf8');
  return {
    format: 'module',
    source: stripTypeScriptTypes(source, { mode: 'transform', sourceUrl: url }),
    shortCircuit: true,
  };
}

if (!globalThis[REGISTERED]) {
  globalThis[REGISTERED] = true;
  registerHooks({ resolve, load });
}
