/**
 * xterm.js writes its theme colours and cell sizes into <style> elements it creates at run time.
 * The console's CSP (style-src 'self', no 'unsafe-inline') rightly refuses those, which would
 * leave the DOM renderer without cell widths and colours. Constructed style sheets
 * (document.adoptedStyleSheets) are CSSOM, which CSP does not govern: mirror the text of every
 * <style> element under `root` into one, and keep it in step as xterm rewrites it.
 */
export function mirrorInlineStyles(root: HTMLElement): () => void {
  const doc = root.ownerDocument;
  const sheets = new Map<HTMLStyleElement, CSSStyleSheet>();

  const sync = (): void => {
    const present = new Set(root.querySelectorAll('style'));
    let changed = false;
    for (const [element, sheet] of sheets) {
      if (!present.has(element)) {
        sheets.delete(element);
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      }
    }
    for (const element of present) {
      let sheet = sheets.get(element);
      if (!sheet) {
        sheet = new CSSStyleSheet();
        sheets.set(element, sheet);
        changed = true;
      }
      try {
        sheet.replaceSync(element.textContent ?? '');
      } catch {
        // A rule the browser cannot parse: keep the previous text rather than break the view.
      }
    }
    if (changed) {
      const ours = new Set(sheets.values());
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets.filter((s) => !ours.has(s)), ...ours];
    }
  };

  const observer = new MutationObserver(sync);
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
    const ours = new Set(sheets.values());
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => !ours.has(s));
    sheets.clear();
  };
}
