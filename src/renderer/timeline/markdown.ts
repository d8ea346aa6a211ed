/**
 * Entry text is Markdown typed by anyone in the room, so it is rendered defensively, twice over:
 * markdown-it with raw HTML off (a typed `<script>` stays text) and links restricted to safe
 * schemes, then DOMPurify on the result with a short allow-list, in case a parser bug lets
 * anything through. Images are not rendered at all: the console loads nothing from elsewhere.
 */
import DOMPurify from 'dompurify';
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);

const SAFE_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());

/** Markdown to HTML, before sanitising (exported for the unit tests, which have no DOM). */
export function markdownToHtml(text: string): string {
  return md.render(text);
}

const ALLOWED_TAGS = [
  'p', 'br', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
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
  const html = purifier().sanitize(markdownToHtml(text), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'title', 'target', 'rel', 'start'],
    ALLOW_DATA_ATTR: false,
  });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(text, html);
  return html;
}
