/** Copying text out of the console: the async clipboard, else a hidden textarea and execCommand. */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch (error) {
    // Refused (no permission, insecure origin): the legacy path still works inside a click.
    if (!legacyCopy(text)) throw error instanceof Error ? error : new Error(String(error));
  }
}

/** execCommand('copy') from a hidden textarea: still works in a user gesture without permissions. */
function legacyCopy(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  // Inline so the fallback does not depend on any feature's stylesheet being loaded.
  area.style.position = 'fixed';
  area.style.opacity = '0';
  const active = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(area);
  area.select();
  let ok: boolean;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  active?.focus();
  return ok;
}
