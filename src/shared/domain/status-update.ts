/**
 * Stakeholder update templates: an internal update, status-page wording and an executive summary,
 * prefilled from the incident and its timeline. Pure: the service builds drafts with them and the
 * renderer re-renders plain text from what the person edited.
 */
import type { Audience } from './cadence';
import { formatInterval } from './cadence';
import { impactStart, isActive, STATUS_LABELS, type Incident, type Status } from './incident';
import { DEFAULT_POLICY } from './policy';
import { compareEntries, type EntryKind, type TimelineEntry } from './timeline';
import { utcStamp } from './utc';

export const UPDATE_TEMPLATES = ['internal', 'status_page', 'executive'] as const;
export type UpdateTemplate = (typeof UPDATE_TEMPLATES)[number];

export const TEMPLATE_LABELS: Record<UpdateTemplate, string> = {
  internal: 'Internal update',
  status_page: 'Status page',
  executive: 'Executive summary',
};

export const TEMPLATE_AUDIENCE: Record<UpdateTemplate, Audience> = {
  internal: 'internal',
  status_page: 'status_page',
  executive: 'executives',
};

/** Customer-facing wording per status, in the style of public status pages. */
export const STATUS_PAGE_WORDING: Record<Status, string> = {
  investigating: 'We are currently investigating this issue.',
  identified: 'The issue has been identified and a fix is being implemented.',
  monitoring: 'A fix has been implemented and we are monitoring the results.',
  resolved: 'This incident has been resolved.',
  closed: 'This incident has been resolved.',
};

export interface UpdateContext {
  readonly incident: Incident;
  /** The incident's timeline; deleted entries are ignored. */
  readonly entries: readonly TimelineEntry[];
  /** Display name of the Incident Commander, when role data has one. */
  readonly commander: string | null;
  readonly now: number;
  /** When the next update is owed if this one is posted now; null when no countdown applies. */
  readonly nextUpdateAt: number | null;
  readonly intervalMs: number | null;
  /** Renders a time; defaults to UTC so a draft reads the same on every peer. */
  readonly formatTime?: (ms: number) => string;
}

export interface UpdateDraft {
  readonly template: UpdateTemplate;
  readonly audience: readonly Audience[];
  readonly markdown: string;
  readonly plain: string;
  readonly nextUpdateAt: number | null;
}

export const utcTime = (ms: number): string => new Date(ms).toISOString().slice(11, 16) + ' UTC';

const ACTION_KINDS: readonly EntryKind[] = ['action', 'decision'];
const SITUATION_KINDS: readonly EntryKind[] = ['finding', 'hypothesis'];
const MAX_ACTIONS = 5;

function live(ctx: UpdateContext, kinds: readonly EntryKind[]): TimelineEntry[] {
  return ctx.entries.filter((e) => !e.deleted && kinds.includes(e.kind)).toSorted(compareEntries);
}

function oneLine(text: string, max = 240): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max - 1) + '…' : flat;
}

function durationSince(from: number, now: number): string {
  const whole = Math.floor((now - from) / 60_000) * 60_000;
  return whole < 60_000 ? 'under a minute' : formatInterval(whole);
}

function severityLine(incident: Incident): string {
  return `${incident.severity} (${DEFAULT_POLICY[incident.severity].label})`;
}

function situation(ctx: UpdateContext): string {
  const latest = live(ctx, SITUATION_KINDS).at(-1);
  if (latest) return oneLine(latest.text, 600);
  if (ctx.incident.summary.trim()) return ctx.incident.summary.trim();
  return '_Describe what is happening now._';
}

function impact(incident: Incident): string {
  const services = incident.services.length > 0 ? `Affected services: ${incident.services.join(', ')}.` : '';
  return services || '_Who and what is affected, and how badly._';
}

function nextUpdateLine(ctx: UpdateContext, fmt: (ms: number) => string): string | null {
  if (ctx.nextUpdateAt === null) return null;
  const every = ctx.intervalMs !== null ? ` (every ${formatInterval(ctx.intervalMs)})` : '';
  return `By ${fmt(ctx.nextUpdateAt)}${every}`;
}

export function internalUpdate(ctx: UpdateContext): string {
  const fmt = ctx.formatTime ?? utcTime;
  const { incident } = ctx;
  const started = impactStart(incident.milestones, incident.createdAt);
  const actions = live(ctx, ACTION_KINDS).slice(-MAX_ACTIONS);
  const lines = [
    `## Internal update: ${incident.title}`,
    '',
    `**Status:** ${STATUS_LABELS[incident.status]}  `,
    `**Severity:** ${severityLine(incident)}  `,
    `**Started:** ${(ctx.formatTime ?? utcStamp)(started)} (${durationSince(started, ctx.now)} ago)  `,
    `**Incident Commander:** ${ctx.commander ?? '_unassigned_'}  `,
    `**War room:** ${incident.name}`,
    '',
    '### Current situation',
    situation(ctx),
    '',
    '### Impact',
    impact(incident),
    '',
    '### Actions taken',
    ...(actions.length > 0
      ? actions.map((e) => `- ${fmt(e.eventTime)}: ${oneLine(e.text)}`)
      : ['- _None recorded yet._']),
    '',
    '### Next steps',
    '- _What happens next, and who does it._',
  ];
  const next = nextUpdateLine(ctx, fmt);
  if (next) lines.push('', '### Next update', next);
  return lines.join('\n');
}

export function statusPageUpdate(ctx: UpdateContext): string {
  const fmt = ctx.formatTime ?? utcTime;
  const { incident } = ctx;
  const lines = [`**${STATUS_LABELS[incident.status]}**: ${incident.title}`, '', STATUS_PAGE_WORDING[incident.status]];
  if (incident.services.length > 0) lines.push('', `Affected: ${incident.services.join(', ')}.`);
  if (ctx.nextUpdateAt !== null && isActive(incident.status)) {
    lines.push('', `We will provide another update by ${fmt(ctx.nextUpdateAt)}.`);
  }
  return lines.join('\n');
}

export function executiveSummary(ctx: UpdateContext): string {
  const fmt = ctx.formatTime ?? utcTime;
  const { incident } = ctx;
  const started = impactStart(incident.milestones, incident.createdAt);
  const lastDecision = live(ctx, ['decision']).at(-1) ?? live(ctx, ['action']).at(-1);
  const lines = [
    `## Executive summary: ${incident.title}`,
    '',
    `**${severityLine(incident)}, ${STATUS_LABELS[incident.status].toLowerCase()}**, impact since ${fmt(started)} (${durationSince(started, ctx.now)}).`,
    '',
    `**Customer impact:** ${incident.summary.trim() ? oneLine(incident.summary, 400) : impact(incident)}`,
    `**What we are doing:** ${lastDecision ? oneLine(lastDecision.text) : situation(ctx)}`,
    `**Incident Commander:** ${ctx.commander ?? '_unassigned_'}`,
  ];
  const next = nextUpdateLine(ctx, fmt);
  if (next) lines.push(`**Next update:** ${next}`);
  return lines.join('\n');
}

const RENDERERS: Record<UpdateTemplate, (ctx: UpdateContext) => string> = {
  internal: internalUpdate,
  status_page: statusPageUpdate,
  executive: executiveSummary,
};

export function buildDraft(template: UpdateTemplate, ctx: UpdateContext): UpdateDraft {
  const markdown = RENDERERS[template](ctx);
  return {
    template,
    audience: [TEMPLATE_AUDIENCE[template]],
    markdown,
    plain: markdownToPlain(markdown),
    nextUpdateAt: ctx.nextUpdateAt,
  };
}

/**
 * Plain text for chat tools and status pages that do not render Markdown: headings, emphasis,
 * code marks and link syntax removed; list items kept as "- ".
 */
export function markdownToPlain(md: string): string {
  return md
    .split('\n')
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/\s{2,}$/, '')
        .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/__([^_]+)__/g, '$1')
        .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,:;!?]|$)/g, '$1$2')
        .replace(/`([^`]+)`/g, '$1'),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
