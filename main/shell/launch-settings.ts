// What the environment may change at launch. Overrides exist for development and tests only: in a packaged app an
// environment variable must not load native code into the core (RAFAEL_NATIVE_BINDING), send passwords to another
// server (RAFAEL_SERVER_URL) or redirect updates (RAFAEL_UPDATE_URL), the same reason the fuses forbid NODE_OPTIONS.
export interface LaunchSettings {
  serverUrl: string;
  nativeBinding: string | null;
  /** Null: use the feed electron-builder wrote into app-update.yml at packaging. */
  updateFeedUrl: string | null;
}

function httpsUrl(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).protocol === 'https:' ? value : null;
  } catch {
    return null;
  }
}

export function launchSettings(env: NodeJS.ProcessEnv, o: { isPackaged: boolean; defaultServerUrl: string }): LaunchSettings {
  if (o.isPackaged) return { serverUrl: o.defaultServerUrl, nativeBinding: null, updateFeedUrl: null };
  return {
    serverUrl: env.RAFAEL_SERVER_URL || o.defaultServerUrl,
    nativeBinding: env.RAFAEL_NATIVE_BINDING || null,
    updateFeedUrl: httpsUrl(env.RAFAEL_UPDATE_URL),
  };
}
