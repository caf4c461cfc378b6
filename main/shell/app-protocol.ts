// The renderer is served from app://rafael/, not file://: a real origin for the CSP and the sender check, and no
// access to the rest of the disk. Requests that try to leave dist/renderer are refused.
import { readFile } from 'node:fs/promises';
import type { CustomScheme } from 'electron';
import { buildContentSecurityPolicy, securityHeaders } from '../ipc/content-security-policy';
import { APP_HOST, APP_SCHEME } from '../ipc/sender-policy';
import { contentTypeOf, resolveStaticPath } from '../ipc/static-files';

/** Must be registered before app 'ready' (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: false, codeCache: true },
};

/** The slice of Electron's `protocol` module used here. */
export interface ProtocolRegistrar {
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response): void;
}

export function createAppRequestHandler(rendererDir: string, read: (file: string) => Promise<Buffer> = readFile) {
  const headers = securityHeaders(buildContentSecurityPolicy());
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response(null, { status: 404, headers });
    const file = resolveStaticPath(rendererDir, url.pathname);
    if (!file) return new Response(null, { status: 400, headers });
    try {
      const body = await read(file);
      return new Response(new Uint8Array(body), { status: 200, headers: { ...headers, 'Content-Type': contentTypeOf(file) } });
    } catch {
      return new Response(null, { status: 404, headers });
    }
  };
}

export function registerAppProtocol(protocol: ProtocolRegistrar, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(rendererDir));
}
