/** A coarse, self-updating "time since": each instance ticks on its own, the list does not re-sort. */
import { formatAge } from './format';
import { useNow } from './useNow';

export function Age({ since, label }: { readonly since: number; readonly label: string }) {
  const text = formatAge(useNow() - since);
  return (
    <time className="age" dateTime={new Date(since).toISOString()} aria-label={`${label} ${text} ago`}>
      {text}
    </time>
  );
}
