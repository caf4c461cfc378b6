// What the window may do besides showing our renderer: nothing. It never navigates away, never opens a second
// window, never gets a permission (camera, notifications from the page, geolocation…). A link to a known
// RafaelPro / Cap Métiers site opens in the user's browser, a contact's mailto: in the mail client; every other
// URL is dropped.
import { APP_ORIGIN } from '../ipc/sender-policy';

/** Hosts (and their sub-domains) whose https pages may be opened in the OS browser. */
export const EXTERNAL_HOSTS = ['cap-metiers.pro', 'rafaelpro.fr', 'rafael.cap-metiers.pro', 'nouvelle-aquitaine.fr'];

export function isExternalLinkAllowed(url: string, hosts: readonly string[] = EXTERNAL_HOSTS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // A session contact's e-mail address opens the user's mail client (one plain address, no headers or body).
  if (parsed.protocol === 'mailto:') return /^[^\s,;?&%]+@[^\s,;?&%]+$/.test(decodeURIComponent(parsed.pathname)) && parsed.search === '';
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password || parsed.port) return false;
  const host = parsed.hostname.toLowerCase();
  return hosts.some((allowed) => host === allowed || host.endsWith(`.${allowed}`));
}

/** What a log may say about a refused URL: its scheme, and its host for web addresses; never an address or a path. */
export function describeUrlForLog(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? `${parsed.protocol}//${parsed.hostname}` : parsed.protocol;
  } catch {
    return 'unparsable';
  }
}

export interface NavigationGuards {
  /** For webContents 'will-navigate' (and 'will-redirect'): always prevented; in-app routing uses history, not navigation. */
  onWillNavigate(event: { preventDefault(): void }, url: string): void;
  /** For setWindowOpenHandler: always deny; allowed links go to the OS browser. */
  windowOpenHandler(details: { url: string }): { action: 'deny' };
  /** For session.setPermissionRequestHandler. */
  permissionRequestHandler(webContents: unknown, permission: string, callback: (granted: boolean) => void): void;
  /** For session.setPermissionCheckHandler. */
  permissionCheckHandler(webContents: unknown, permission: string): boolean;
}

export function createNavigationGuards(deps: { openExternal(url: string): Promise<void> | void; log?(message: string, url: string): void }): NavigationGuards {
  const openIfAllowed = (url: string) => {
    if (isExternalLinkAllowed(url)) void deps.openExternal(url);
    else deps.log?.('blocked external URL', describeUrlForLog(url));
  };
  return {
    onWillNavigate(event, url) {
      event.preventDefault();
      if (!url.startsWith(`${APP_ORIGIN}/`)) openIfAllowed(url);
    },
    windowOpenHandler({ url }) {
      openIfAllowed(url);
      return { action: 'deny' };
    },
    permissionRequestHandler(_webContents, _permission, callback) {
      callback(false);
    },
    permissionCheckHandler() {
      return false;
    },
  };
}
