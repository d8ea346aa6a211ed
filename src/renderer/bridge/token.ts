/**
 * The access token of a browser console arrives once in the URL (`?token=`). It is moved to
 * sessionStorage at once: out of the address bar (screenshots, screen sharing, history), yet
 * still there when the tab reloads. A new token in the URL always wins over a stored one.
 */
import { TOKEN_QUERY_PARAM } from '../../shared/web';

const STORAGE_KEY = 'warroom.token';

export function takeToken(location: Location, history: History, storage: Storage | null): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (fromUrl !== null) {
    url.searchParams.delete(TOKEN_QUERY_PARAM);
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
    try {
      storage?.setItem(STORAGE_KEY, fromUrl);
    } catch {
      // Storage disabled: the token still works for this page load, just not across reloads.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
