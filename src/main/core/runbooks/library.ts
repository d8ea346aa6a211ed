/**
 * The runbook library: the defaults shipped in resources/runbooks plus the user's folder (a user
 * runbook with the same file name does not replace a default; both are listed, ids differ).
 * Files are re-read when they change, so editing a runbook needs no restart.
 */
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log';
import { parseRunbook, type ParsedRunbook } from './parse';

export type RunbookSource = 'default' | 'user';

export interface LoadedRunbook extends ParsedRunbook {
  readonly id: string;
  readonly source: RunbookSource;
  readonly file: string;
}

export interface RunbookDirs {
  readonly defaults: string | null;
  readonly user: string | null;
}

export const RUNBOOK_ID_PATTERN = /^(default|user)\/[a-z0-9][a-z0-9_-]{0,79}$/;
const MAX_FILE_BYTES = 256 * 1024;
const MAX_FILES = 200;

export class RunbookLibrary {
  private readonly cache = new Map<string, { mtimeMs: number; size: number; runbook: LoadedRunbook }>();

  constructor(
    private readonly dirs: RunbookDirs,
    private readonly log: Logger,
  ) {
    if (dirs.user) {
      try {
        mkdirSync(dirs.user, { recursive: true });
      } catch (error) {
        log.warn('runbooks: cannot create the user folder', { dir: dirs.user, error: String(error) });
      }
    }
  }

  get userDir(): string | null {
    return this.dirs.user;
  }

  list(): LoadedRunbook[] {
    const seen = new Set<string>();
    const out: LoadedRunbook[] = [];
    for (const [source, dir] of [
      ['default', this.dirs.defaults],
      ['user', this.dirs.user],
    ] as const) {
      if (!dir) continue;
      for (const file of this.files(dir)) {
        const runbook = this.load(source, dir, file);
        if (runbook) {
          seen.add(runbook.file);
          out.push(runbook);
        }
      }
    }
    for (const key of this.cache.keys()) if (!seen.has(key)) this.cache.delete(key);
    return out;
  }

  get(id: string): LoadedRunbook | null {
    if (!RUNBOOK_ID_PATTERN.test(id)) return null;
    return this.list().find((r) => r.id === id) ?? null;
  }

  private files(dir: string): string[] {
    try {
      return readdirSync(dir)
        .filter((name) => name.toLowerCase().endsWith('.md') && !name.startsWith('.'))
        .sort()
        .slice(0, MAX_FILES);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') {
        this.log.warn('runbooks: cannot read the folder', { dir, error: String(error) });
      }
      return [];
    }
  }

  private load(source: RunbookSource, dir: string, name: string): LoadedRunbook | null {
    const file = join(dir, name);
    const slug = name
      .replace(/\.md$/i, '')
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80);
    if (!slug) return null;
    try {
      const st = statSync(file);
      if (!st.isFile()) return null;
      if (st.size > MAX_FILE_BYTES) {
        this.log.warn('runbooks: skipped a file over the size limit', { file, bytes: st.size });
        return null;
      }
      const cached = this.cache.get(file);
      if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached.runbook;
      const parsed = parseRunbook(readFileSync(file, 'utf8'), slug.replace(/[-_]+/g, ' '));
      const runbook: LoadedRunbook = { ...parsed, id: `${source}/${slug}`, source, file };
      this.cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, runbook });
      return runbook;
    } catch (error) {
      this.log.warn('runbooks: cannot read a runbook', { file, error: String(error) });
      return null;
    }
  }
}
