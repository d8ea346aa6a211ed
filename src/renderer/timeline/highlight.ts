/** Split the service's \u0001match\u0002 markers into text and <mark> parts; never HTML. */
export function highlightParts(highlighted: string): { text: string; match: boolean }[] {
  const parts: { text: string; match: boolean }[] = [];
  let match = false;
  let text = '';
  for (const c of highlighted) {
    if (c === '\u0001' || c === '\u0002') {
      if (text) parts.push({ text, match });
      text = '';
      match = c === '\u0001';
    } else {
      text += c;
    }
  }
  if (text) parts.push({ text, match });
  return parts;
}
