/** War-room names: a stable, sortable handle for chat channels, files and folders. */

const MAX_SLUG = 40;

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/g, '');
  return slug || 'untitled';
}

/** `incident-YYYY-MM-DD-HHMM-slug`, in UTC so every peer derives the same name. */
export function warroomName(declaredAt: number, title: string): string {
  const d = new Date(declaredAt);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `incident-${date}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}-${slugify(title)}`;
}
