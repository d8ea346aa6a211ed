/**
 * Entry text is Markdown typed by anyone in the room, so it is rendered defensively, twice over:
 * markdown-it with raw HTML off (a typed `<script>` stays text) and links restricted to safe
 * schemes, then DOMPurify on the result with a short allow-list, in case a parser bug lets
 * anything through. Images are not rendered at all: the console loads nothing from elsewhere.
 */
import DOMPurify from 'dompurify';
import { escapeHtml, isPlain, markdownToHtml } from './md';

const ALLOWED_TAGS = [
  'p',
  'br',
  'strong',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'hr',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

let hooked = false;
function purifier(): typeof DOMPurify {
  if (!hooked) {
    hooked = true;
    // Links open outside the console and never tell the target where they came from.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer nofollow');
      }
    });
  }
  return DOMPurify;
}

const cache = new Map<string, string>();
const CACHE_SIZE = 2_000;

/** Sanitised HTML for an entry's text; memoised, since rows re-render while scrolling. */
export function renderMarkdown(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  // Most entries are one plain line: no Markdown to parse, nothing to sanitise but escaping.
  if (isPlain(text)) return remember(text, `<p>${escapeHtml(text)}</p>`);
  // Without a DOM DOMPurify cannot sanitise (and would return its input): show plain text then.
  if (!DOMPurify.isSupported) return escapeHtml(text);
  const html = purifier().sanitize(markdownToHtml(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'start'],
    ALLOW_DATA_ATTR: false,
  });
  return remember(text, html);
}

function remember(text: string, html: string): string {
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, html);
  return html;
}
