/**
 * The transcript of one terminal: everything it printed (markers removed), capped in size with
 * the oldest output trimmed first, saved next to the incident's other local data so it survives
 * a restart and can be exported. Transcripts are raw and local: they are never synced; the
 * export is turned into plain text and redacted.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptInfo } from '../../../shared/domain/terminal';
import { toPlainText } from './plain-text';
import { redactSecrets } from './redact';

/** 2 MiB of characters per terminal: hours of interactive use, minutes of a flood. */
export const TRANSCRIPT_CAP_CHARS = 2 * 1024 * 1024;

export class Transcript {
  /** Output in arrival order; chunks before `head` are already dropped. */
  private chunks: string[] = [];
  private head = 0;
  /** Characters in chunks[head..]. */
  private length = 0;
  private trimmed = 0;

  constructor(
    private readonly capChars: number = TRANSCRIPT_CAP_CHARS,
    initial = '',
    trimmedBefore = 0,
  ) {
    this.trimmed = trimmedBefore;
    if (initial) this.append(initial);
  }

  /**
   * O(1) per chunk, whatever the flood: whole chunks are dropped from the front while the rest
   * still covers the cap, so nothing is copied here; the cut to exactly the cap happens on read.
   */
  append(text: string): void {
    if (text.length === 0) return;
    this.chunks.push(text);
    this.length += text.length;
    while (this.chunks.length - this.head > 1) {
      const first = this.chunks[this.head]?.length ?? 0;
      if (this.length - first < this.capChars) break;
      this.chunks[this.head] = '';
      this.head++;
      this.length -= first;
      this.trimmed += first;
    }
    if (this.head > 1_024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }

  get size(): number {
    return Math.min(this.length, this.capChars);
  }

  /** Characters dropped from the beginning so far. */
  get trimmedChars(): number {
    return this.trimmed + Math.max(0, this.length - this.capChars);
  }

  text(): string {
    const all = this.chunks.slice(this.head).join('');
    this.chunks = [all];
    this.head = 0;
    return all.length > this.capChars ? all.slice(all.length - this.capChars) : all;
  }

  /** The last `chars` characters, for repainting a view that attaches late. */
  tail(chars: number): string {
    const all = this.text();
    return all.length <= chars ? all : all.slice(all.length - chars);
  }
}

/** What is saved beside a transcript: the listing a console sees, less whether it is still open. */
export type TranscriptMeta = Omit<TranscriptInfo, 'live'>;

/** The export: plain text, secrets redacted, with a header saying what it is. */
export function exportText(meta: TranscriptMeta, raw: string, exportedAt: number): string {
  const header = [
    `# Warroom terminal transcript: ${meta.title}`,
    `# incident ${meta.incidentId}, terminal ${meta.terminalId}, shell ${meta.shell}`,
    `# started ${new Date(meta.startedAt).toISOString()}, exported ${new Date(exportedAt).toISOString()}`,
    ...(meta.trimmedChars > 0 ? [`# the oldest ${meta.trimmedChars} characters were trimmed (size cap)`] : []),
    '# secrets matching Warroom redaction patterns were replaced by [REDACTED]',
    '',
  ].join('\n');
  return header + '\n' + redactSecrets(toPlainText(raw));
}

/**
 * Files under <dataDir>/terminals/<incidentId>/: <terminalId>.log (raw output) and
 * <terminalId>.json (meta). Written atomically (temp file + rename) so a crash mid-save leaves
 * the previous version.
 */
export class TranscriptStore {
  constructor(private readonly root: string) {}

  save(meta: TranscriptMeta, raw: string): void {
    const dir = join(this.root, safeSegment(meta.incidentId));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const base = join(dir, safeSegment(meta.terminalId));
    atomicWrite(`${base}.log`, raw);
    atomicWrite(`${base}.json`, JSON.stringify(meta));
  }

  load(incidentId: string, terminalId: string): { meta: TranscriptMeta; raw: string } | null {
    const base = join(this.root, safeSegment(incidentId), safeSegment(terminalId));
    try {
      const meta = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as TranscriptMeta;
      return { meta, raw: readFileSync(`${base}.log`, 'utf8') };
    } catch {
      return null;
    }
  }

  /** Metas of every saved transcript of an incident, oldest first. */
  list(incidentId: string): TranscriptMeta[] {
    const dir = join(this.root, safeSegment(incidentId));
    let names: string[];
    try {
      names = readdirSync(dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const metas: TranscriptMeta[] = [];
    for (const name of names) {
      try {
        metas.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as TranscriptMeta);
      } catch {
        // A torn or foreign file: skip it rather than fail the whole list.
      }
    }
    return metas.sort((a, b) => a.startedAt - b.startedAt);
  }
}

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  renameSync(tmp, file);
}

/** Ids are validated by the contract already; this keeps a path segment a segment regardless. */
function safeSegment(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new Error(`unsafe id for a file name: ${id.slice(0, 80)}`);
  return id;
}
