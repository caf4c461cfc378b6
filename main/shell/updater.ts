// electron-updater against a feed whose URL comes from the environment (RAFAEL_UPDATE_URL) or the packaged
// config; never in development, never without a feed. Downloads in the background, installs on quit.
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

export function updateFeedUrl(env: NodeJS.ProcessEnv, configured?: string): string | null {
  const url = env.RAFAEL_UPDATE_URL ?? configured ?? null;
  if (!url) return null;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** Returns whether the updater was started. */
export function startUpdater(updater: AutoUpdaterLike, options: { isPackaged: boolean; feedUrl: string | null; onError?(error: unknown): void }): boolean {
  if (!options.isPackaged || !options.feedUrl) return false;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  updater.checkForUpdatesAndNotify().catch((error: unknown) => options.onError?.(error));
  return true;
}
