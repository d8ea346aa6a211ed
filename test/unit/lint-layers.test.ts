import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import warroom, { layerOf, violation } from '../../scripts/eslint-layers.js';

describe('layerOf', () => {
  it('picks the most specific layer', () => {
    expect(layerOf('src/main/core/store/db.ts')?.name).toBe('src/main/core');
    expect(layerOf('src/main/index.ts')?.name).toBe('src/main');
    expect(layerOf('src/renderer/incidents/List.tsx')?.name).toBe('src/renderer');
    expect(layerOf('test/unit/x.test.ts')?.name).toBe('tests and tools');
    expect(layerOf('src/mainly/x.ts')).toBeNull();
    expect(layerOf('electron.vite.config.ts')).toBeNull();
  });
});

describe('violation', () => {
  const bad: [string, string][] = [
    ['src/shared/api.ts', 'node:fs'],
    ['src/shared/api.ts', 'fs/promises'],
    ['src/shared/api.ts', 'path'],
    ['src/shared/api.ts', 'react'],
    ['src/shared/api.ts', 'electron'],
    ['src/shared/domain/x.ts', '../../main/core/warroom'],
    ['src/shared/x.ts', '../renderer/App'],
    ['src/main/core/warroom.ts', 'electron'],
    ['src/main/core/warroom.ts', '../index'],
    ['src/main/core/store/db.ts', '../../web/server'],
    ['src/main/index.ts', '../renderer/App'],
    ['src/preload/index.ts', 'node:path'],
    ['src/preload/index.ts', '../main/core/warroom'],
    ['src/renderer/App.tsx', 'electron'],
    ['src/renderer/App.tsx', 'node:events'],
    ['src/renderer/App.tsx', 'better-sqlite3'],
    ['src/renderer/incidents/List.tsx', '../../main/core/service'],
    ['src/renderer/incidents/List.tsx', '../../preload/index'],
    ['test/unit/x.test.ts', 'electron'],
    ['test/e2e/x.spec.ts', 'electron/main'],
    ['bench/run.ts', 'electron'],
  ];
  it.each(bad)('%s may not import %s', (file, spec) => {
    expect(violation(file, spec)).toMatch(/may (not )?import/);
  });

  const good: [string, string][] = [
    ['src/shared/api.ts', 'zod'],
    ['src/shared/api.ts', './domain/incident'],
    ['src/main/core/warroom.ts', 'node:fs'],
    ['src/main/core/warroom.ts', 'better-sqlite3'],
    ['src/main/core/warroom.ts', '../../shared/api'],
    ['src/main/index.ts', 'electron'],
    ['src/main/index.ts', './core/warroom'],
    ['src/main/web/server.ts', '../core/warroom'],
    ['src/preload/index.ts', 'electron'],
    ['src/preload/index.ts', '../shared/api'],
    ['src/renderer/App.tsx', 'react'],
    ['src/renderer/App.tsx', 'socket.io-client'],
    ['src/renderer/incidents/List.tsx', '../../shared/api'],
    ['src/renderer/incidents/List.tsx', '../main'],
    ['test/unit/x.test.ts', '../../src/main/core/warroom'],
    ['electron.vite.config.ts', 'electron-vite'],
  ];
  it.each(good)('%s may import %s', (file, spec) => {
    expect(violation(file, spec)).toBeNull();
  });
});

describe('type-only imports', () => {
  it('lets tests type fakes of Electron, but nothing that would load it', () => {
    expect(violation('test/unit/x.test.ts', 'electron', true)).toBeNull();
    expect(violation('test/unit/x.test.ts', 'electron', false)).not.toBeNull();
    expect(violation('src/main/core/warroom.ts', 'electron', true)).not.toBeNull();
    expect(violation('src/shared/api.ts', 'react', true)).not.toBeNull();
  });
});

describe('the rule', () => {
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.ts'],
        languageOptions: { parser: tseslint.parser },
        plugins: { warroom },
        rules: { 'warroom/layers': 'error' },
      },
    ],
  });

  it('sees static, re-exported, dynamic and required imports', async () => {
    const code = [
      "import fs from 'node:fs';",
      "export { x } from 'node:path';",
      "export * from 'electron';",
      "const r = require('react');",
      "void import('../main/core/warroom');",
      "import type { Envelope } from './api';",
      'void fs; void r;',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'src/shared/probe.ts' });
    const lines = result?.messages.map((m) => [m.ruleId, m.line]);
    expect(lines).toEqual([
      ['warroom/layers', 1],
      ['warroom/layers', 2],
      ['warroom/layers', 3],
      ['warroom/layers', 4],
      ['warroom/layers', 5],
    ]);
  });

  it('accepts `import type` from electron in a test, not an inline type import', async () => {
    const code = [
      "import type { WebContents } from 'electron';",
      "import { type Session } from 'electron';",
      'export type X = WebContents | Session;',
    ].join('\n');
    const [result] = await eslint.lintText(code, { filePath: 'test/unit/probe.test.ts' });
    expect(result?.messages.map((m) => [m.ruleId, m.line])).toEqual([['warroom/layers', 2]]);
  });
});
