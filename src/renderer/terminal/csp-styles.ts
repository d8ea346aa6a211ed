/**
 * xterm.js writes its theme colours and cell sizes into <style> elements it creates at run time.
 * The console's CSP (style-src 'self', no 'unsafe-inline') rightly refuses those, which would
 * leave the DOM renderer without cell widths and colours. Constructed style sheets
 * (document.adoptedStyleSheets) are CSSOM, which CSP does not govern: mirror the text of every
 * <style> element under `root` into one, and keep it in step as xterm rewrites it.
 *
 * The observer sees the whole terminal, and the DOM renderer rewrites its rows every frame. A
 * sheet is only re-parsed when a mutation touched a <style> and its text really changed: each
 * replaceSync invalidates the style of the whole document, and doing that per frame cost the
 * page most of its time during a flood of output (bench/terminal.bench.ts).
 */
export function mirrorInlineStyles(root: HTMLElement): () => void {
  const doc = root.ownerDocument;
  const sheets = new Map<HTMLStyleElement, { sheet: CSSStyleSheet; text: string | null }>();

  const sync = (): void => {
    const present = new Set(root.querySelectorAll('style'));
    let changed = false;
    for (const [element, { sheet }] of sheets) {
      if (!present.has(element)) {
        sheets.delete(element);
        doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
      }
    }
    for (const element of present) {
      let mirror = sheets.get(element);
      if (!mirror) {
        mirror = { sheet: new CSSStyleSheet(), text: null };
        sheets.set(element, mirror);
        changed = true;
      }
      const text = element.textContent ?? '';
      if (text === mirror.text) continue;
      try {
        mirror.sheet.replaceSync(text);
        mirror.text = text;
      } catch {
        // A rule the browser cannot parse: keep the previous text rather than break the view.
      }
    }
    if (changed) {
      const ours = new Set([...sheets.values()].map((m) => m.sheet));
      doc.adoptedStyleSheets = [...doc.adoptedStyleSheets.filter((s) => !ours.has(s)), ...ours];
    }
  };

  const observer = new MutationObserver((records) => {
    if (records.some(touchesStyle)) sync();
  });
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  sync();
  return () => {
    observer.disconnect();
    const ours = new Set([...sheets.values()].map((m) => m.sheet));
    doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => !ours.has(s));
    sheets.clear();
  };
}

/** A mutation inside a <style> (its text), or one that added or removed a <style> somewhere. */
function touchesStyle(record: MutationRecord): boolean {
  const target = record.target;
  if (isStyle(target) || isStyle(target.parentNode)) return true;
  return containsStyle(record.addedNodes) || containsStyle(record.removedNodes);
}

function containsStyle(nodes: NodeList): boolean {
  for (const node of nodes) {
    if (isStyle(node)) return true;
    // Rows are plain spans: only a subtree with element children can hide a <style>.
    if (node instanceof Element && node.firstElementChild !== null && node.querySelector('style') !== null) {
      return true;
    }
  }
  return false;
}

function isStyle(node: Node | null): boolean {
  return node !== null && node.nodeName === 'STYLE';
}
