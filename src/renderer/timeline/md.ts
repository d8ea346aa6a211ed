/**
 * Entry Markdown to HTML with raw HTML off (a typed `<script>` stays text), images off (the
 * console loads nothing from elsewhere) and links limited to safe schemes. DOM-free; markdown.ts
 * sanitises its output once more before it reaches the page.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);
// Only links that say they are links (https://..., www....), not every word with a dot in it.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });

const SAFE_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());

/** Markdown to HTML, before sanitising. */
export function markdownToHtml(text: string): string {
  return md.render(text);
}

/**
 * Text markdown-it would render as a single plain paragraph: none of the characters that start
 * Markdown syntax or an entity, no line break, nothing linkify would turn into a link.
 */
export function isPlain(text: string): boolean {
  return !/[\\`*_~[\]<>&#|!\n\r]|^\s*(?:[-+=]|\d+[.)])|:\/\/|www\.|@/.test(text) && text.trim() === text && text !== '';
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text into HTML text or attribute content, escaped exactly as markdown-it escapes it. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ENTITIES[c] ?? c);
}
