/**
 * Runbooks are Markdown files; each fenced shell block is a step. Pure parsing, no Markdown
 * library: only headings, paragraphs, fences and an optional front matter matter here.
 *
 *   ---
 *   title: High error rate
 *   tags: [errors, http]
 *   match: [error rate, 5xx, exceptions]
 *   ---
 *   # High error rate
 *   When to use it.
 *   ## Check the pods
 *   Why this step.
 *   ```sh
 *   kubectl get pods -n "$NAMESPACE"
 *   ```
 */
import type { RunbookStep } from '../../../shared/domain/terminal';

export const SHELL_LANGS = ['sh', 'bash', 'shell', 'zsh', 'console', 'shell-session'] as const;

export interface ParsedRunbook {
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** Phrases that suggest this runbook when they appear in an incident. */
  readonly match: readonly string[];
  /** Services named by the runbook (matched against the incident's services). */
  readonly services: readonly string[];
  readonly steps: readonly RunbookStep[];
}

const MAX_STEPS = 100;
const MAX_CODE_CHARS = 8_000;

export function parseRunbook(markdown: string, fallbackTitle: string): ParsedRunbook {
  const { meta, body } = splitFrontMatter(markdown.replace(/\r\n?/g, '\n'));
  const lines = body.split('\n');
  let title = meta.title?.[0] ?? '';
  let heading = '';
  let prose: string[] = [];
  let description = '';
  let descriptionDone = false;
  let sawTitleLine = false;
  const steps: RunbookStep[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const fence = /^(\s{0,3})(`{3,}|~{3,})\s*([\w-]*)[^\n]*$/.exec(line);
    if (fence) {
      const [, indent = '', marker = '```', langRaw = ''] = fence;
      const code: string[] = [];
      let j = i + 1;
      for (; j < lines.length; j++) {
        const l = lines[j] ?? '';
        if (l.trimStart().startsWith(marker.charAt(0).repeat(marker.length)) && l.trim().replace(/[`~]/g, '') === '')
          break;
        code.push(l.startsWith(indent) ? l.slice(indent.length) : l);
      }
      i = j;
      const lang = langRaw.toLowerCase();
      if (!(SHELL_LANGS as readonly string[]).includes(lang) || steps.length >= MAX_STEPS) continue;
      const text = (lang === 'console' || lang === 'shell-session' ? consoleCommands(code) : code.join('\n'))
        .replace(/\n+$/, '')
        .slice(0, MAX_CODE_CHARS);
      if (text.trim().length === 0) continue;
      if (!descriptionDone) {
        description = joinProse(prose);
        descriptionDone = true;
        prose = [];
      }
      steps.push({
        index: steps.length,
        title: heading || `Step ${steps.length + 1}`,
        description: joinProse(prose),
        lang,
        code: text,
      });
      prose = [];
      continue;
    }
    const h = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const level = h[1]?.length ?? 1;
      const text = h[2] ?? '';
      // The first H1 is the document's title line, whether or not the front matter named one.
      if (level === 1 && !sawTitleLine && steps.length === 0) {
        sawTitleLine = true;
        title ||= text;
        continue;
      }
      if (!descriptionDone) {
        description = joinProse(prose);
        descriptionDone = true;
      }
      heading = text;
      prose = [];
      continue;
    }
    prose.push(line);
  }
  if (!descriptionDone) description = joinProse(prose);

  return {
    title: (title || fallbackTitle).slice(0, 200),
    description: description.slice(0, 4_000),
    tags: (meta.tags ?? []).slice(0, 20),
    match: (meta.match ?? []).slice(0, 50),
    services: (meta.services ?? []).slice(0, 50),
    steps,
  };
}

function joinProse(lines: readonly string[]): string {
  return lines
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim().replace(/\s*\n\s*/g, ' '))
    .filter((p) => p.length > 0)
    .join('\n\n');
}

/** `$ cmd` lines of a console transcript are the commands; the rest is sample output. */
function consoleCommands(lines: readonly string[]): string {
  return lines
    .filter((l) => /^\s*[$#]\s/.test(l))
    .map((l) => l.replace(/^\s*[$#]\s/, ''))
    .join('\n');
}

type Meta = Partial<Record<'title' | 'tags' | 'match' | 'services', string[]>>;

function splitFrontMatter(text: string): { meta: Meta; body: string } {
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(text);
  if (!m) return { meta: {}, body: text };
  const meta: Meta = {};
  for (const line of (m[1] ?? '').split('\n')) {
    const kv = /^(title|tags|match|services)\s*:\s*(.*)$/.exec(line.trim());
    if (!kv) continue;
    const key = kv[1] as keyof Meta;
    const value = (kv[2] ?? '').trim();
    meta[key] =
      key === 'title'
        ? [unquote(value)]
        : value
            .replace(/^\[|\]$/g, '')
            .split(',')
            .map((v) => unquote(v.trim()))
            .filter((v) => v.length > 0);
  }
  return { meta, body: text.slice(m[0].length) };
}

function unquote(s: string): string {
  return s.replace(/^(["'])(.*)\1$/, '$2');
}
