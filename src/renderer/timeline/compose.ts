/**
 * What pressing Enter in the timeline box does with what was typed: pure, so every refusal and
 * every question to the scribe is unit-tested.
 */
import { KIND_SHORTCUTS, eventTimeWarning, parseEntryInput } from '../../shared/domain/entry-input';
import { MAX_ENTRY_BYTES, utf8Length, type UserEntryKind } from '../../shared/domain/timeline';

export interface Draft {
  readonly kind: UserEntryKind;
  readonly text: string;
  /** null: now (for a new entry) or unchanged (for an edit). */
  readonly eventTime: number | null;
}

export type ComposeOutcome =
  /** Nothing to save: an empty box is refused quietly. */
  | { readonly kind: 'ignore' }
  | { readonly kind: 'refuse'; readonly message: string }
  /** Save only once the scribe confirms (an odd event time). */
  | { readonly kind: 'confirm'; readonly message: string; readonly draft: Draft }
  | { readonly kind: 'save'; readonly draft: Draft };

export interface ComposeContext {
  readonly now: number;
  /** `new Date().getTimezoneOffset()`: @HH:MM means the scribe's wall clock. */
  readonly tzOffsetMinutes: number;
  /** The kind picked in the kind menu; a typed shortcut overrides it. */
  readonly fallbackKind: UserEntryKind;
  /** Event time set with the time picker, if any; a typed @HH:MM overrides it. */
  readonly pickedTime: number | null;
  readonly incidentCreatedAt: number;
}

/** "/d" or "d:" alone: a kind was picked but nothing was written yet. */
const BARE_SHORTCUT = /^(?:\/([a-z])|([a-z]):)$/i;

export function planSubmit(raw: string, ctx: ComposeContext): ComposeOutcome {
  const bare = BARE_SHORTCUT.exec(raw.trim());
  if (bare && KIND_SHORTCUTS[(bare[1] ?? bare[2] ?? '').toLowerCase()]) return { kind: 'ignore' };
  const parsed = parseEntryInput(raw, ctx.now, ctx.tzOffsetMinutes, ctx.fallbackKind);
  if (parsed.text.trim() === '') return { kind: 'ignore' };
  const bytes = utf8Length(parsed.text);
  if (bytes > MAX_ENTRY_BYTES) {
    return {
      kind: 'refuse',
      message: `This entry is ${Math.ceil(bytes / 1024)} KB; entries are limited to ${MAX_ENTRY_BYTES / 1024} KB. Shorten it or keep the long part (a log, a trace) elsewhere and link to it.`,
    };
  }
  const draft: Draft = { kind: parsed.kind, text: parsed.text, eventTime: parsed.eventTime ?? ctx.pickedTime };
  const warning = draft.eventTime === null ? null : eventTimeWarning(draft.eventTime, ctx.now, ctx.incidentCreatedAt);
  return warning ? { kind: 'confirm', message: warning, draft } : { kind: 'save', draft };
}

/** The keys of the box, shown under it next to the kind shortcuts. */
export const KEY_HINT = 'Enter adds · Shift+Enter new line · ↑ edits your last entry · Esc cancels';
