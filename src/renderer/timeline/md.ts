/**
 * Entry Markdown to HTML with raw HTML off (a typed `<script>` stays text), images off (the
 * console loads nothing from elsewhere) and links limited to safe schemes. DOM-free; markdown.ts
 * sanitises its output once more before it reaches the page.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);

const SAFE_LINK = /^(https?:|mailto:)/i;
md.validateLink = (url: string): boolean => SAFE_LINK.test(url.trim());

/** Markdown to HTML, before sanitising. */
export function markdownToHtml(text: string): string {
  return md.render(text);
}
