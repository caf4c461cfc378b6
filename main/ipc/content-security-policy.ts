// The renderer's Content-Security-Policy, one builder for both places that serve it: the app:// protocol in
// Electron and the headless host's HTTP server. Only our own files may run or load; no eval, no inline script, no
// plug-ins, no framing. The headless host adds its loopback WebSocket to connect-src, nothing else.
export interface CspOptions {
  /** Extra connect-src sources, e.g. ws://127.0.0.1:PORT for the headless host. */
  connectSrc?: string[];
}

export function buildContentSecurityPolicy(options: CspOptions = {}): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...(options.connectSrc ?? [])]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}

/** Headers sent with every renderer file, whichever server sends it. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  };
}
