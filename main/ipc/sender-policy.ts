// Which frames may call the core. Inside Electron every ipcMain call carries the URL of the frame that sent it;
// only our own renderer, served from app://rafael, may talk to the core. A dev server origin is accepted only when
// the shell runs unpackaged with an explicit dev URL. Anything else (a navigated-away frame, an iframe, file://)
// is refused.
export const APP_SCHEME = 'app';
export const APP_HOST = 'rafael';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface SenderPolicyOptions {
  /** e.g. http://localhost:5173 — honoured only in development. */
  devServerUrl?: string | undefined;
  isDev?: boolean;
}

function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // Custom schemes report origin "null" in WHATWG URL; rebuild it from protocol and host.
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

export function isAllowedSender(frameUrl: string | null | undefined, options: SenderPolicyOptions = {}): boolean {
  if (!frameUrl) return false;
  const origin = originOf(frameUrl);
  if (!origin) return false;
  if (origin === APP_ORIGIN) return true;
  if (options.isDev && options.devServerUrl) {
    const dev = originOf(options.devServerUrl);
    return dev !== null && origin === dev;
  }
  return false;
}
