/**
 * ESLint rule `warroom/layers`: every file's runtime decides what it may import.
 *
 * Relative imports are resolved against the importing file, so `../main/x` is judged by where it
 * lands, not by how it is spelled; bare specifiers are judged by package name. Static imports,
 * re-exports, dynamic `import()` and `require()` are all checked, since any of them can pull
 * Node or Electron into a bundle that runs somewhere else.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

const NODE_BUILTINS = new Set(builtinModules);
/** Packages that only work in the main process (native modules, servers). */
const MAIN_ONLY = ['better-sqlite3', 'node-pty', 'socket.io'];
const UI_ONLY = ['react', 'react-dom', 'zustand', '@xterm/xterm'];

/** Longest `dir` first: a file belongs to the most specific layer that contains it. */
export const LAYERS = [
  {
    name: 'src/shared',
    dirs: ['src/shared'],
    mayImport: ['src/shared'],
    node: false,
    forbidden: ['electron', 'socket.io-client', ...MAIN_ONLY, ...UI_ONLY],
    why: 'shared code runs in main, preload, renderer and browser alike: pure TypeScript only',
  },
  {
    name: 'src/main/core',
    dirs: ['src/main/core'],
    mayImport: ['src/main/core', 'src/shared'],
    node: true,
    forbidden: ['electron', ...UI_ONLY],
    why: 'core is Electron-free so that tests, the CLI and `serve` can load it',
  },
  {
    name: 'src/main',
    dirs: ['src/main'],
    mayImport: ['src/main', 'src/shared'],
    node: true,
    forbidden: UI_ONLY,
    why: 'main reaches the renderer only through the contract',
  },
  {
    name: 'src/preload',
    dirs: ['src/preload'],
    mayImport: ['src/preload', 'src/shared'],
    node: false,
    forbidden: [...MAIN_ONLY, ...UI_ONLY],
    why: 'a sandboxed preload can load nothing but electron and its own bundle',
  },
  {
    name: 'src/renderer',
    dirs: ['src/renderer'],
    mayImport: ['src/renderer', 'src/shared'],
    node: false,
    forbidden: ['electron', ...MAIN_ONLY],
    why: 'the renderer talks only to window.warroom and may use only src/shared',
  },
  {
    name: 'tests and tools',
    dirs: ['test', 'bench', 'scripts', 'bin'],
    mayImport: null,
    node: true,
    forbidden: ['electron'],
    // `import type` is erased before anything runs, so tests may type their fakes of Electron.
    typeOnlyAllowed: true,
    why: 'loading electron from plain Node tries to download its binary and throws',
  },
];

const within = (rel, dir) => rel === dir || rel.startsWith(dir + '/');

function toPosix(p) {
  return p.split(path.sep).join('/');
}

export function layerOf(file) {
  const rel = toPosix(path.relative(ROOT, path.resolve(ROOT, file)));
  let best = null;
  for (const layer of LAYERS) {
    for (const dir of layer.dirs) {
      if (within(rel, dir) && (!best || dir.length > best.dir.length)) best = { layer, dir };
    }
  }
  return best?.layer ?? null;
}

function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Why `specifier` may not be imported from `file`, or null when it may. `typeOnly` is true for
 * `import type` / `export type`, which are erased (unlike `import { type X }`, which
 * verbatimModuleSyntax keeps as a bare import).
 */
export function violation(file, specifier, typeOnly = false) {
  const layer = layerOf(file);
  if (!layer) return null;
  if (typeOnly && layer.typeOnlyAllowed) return null;
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    if (!layer.mayImport) return null;
    const target = toPosix(path.relative(ROOT, path.resolve(path.dirname(path.resolve(ROOT, file)), specifier)));
    if (layer.mayImport.some((dir) => within(target, dir))) return null;
    return `${layer.name} may import only from ${layer.mayImport.join(', ')}; '${specifier}' resolves to ${target} (${layer.why})`;
  }
  const isNode =
    specifier.startsWith('node:') || NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(packageName(specifier));
  if (isNode && !layer.node) return `${layer.name} may not import the Node builtin '${specifier}' (${layer.why})`;
  const pkg = packageName(specifier);
  if (layer.forbidden.includes(pkg)) return `${layer.name} may not import '${pkg}' (${layer.why})`;
  return null;
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce which runtime layer may import what' },
    schema: [],
    messages: { layer: '{{why}}' },
  },
  create(context) {
    const check = (node, typeOnly = false) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const why = violation(context.filename, node.value, typeOnly);
      if (why) context.report({ node, messageId: 'layer', data: { why } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node.source),
      TSImportEqualsDeclaration: (node) => check(node.moduleReference?.expression),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node.arguments[0]);
      },
    };
  },
};

export default { meta: { name: 'warroom' }, rules: { layers: rule } };
