// electron-updater: in a packaged app it reads the feed electron-builder wrote into app-update.yml (from
// RAFAEL_UPDATE_URL on the release runner); an https feed given explicitly replaces it (development only, see
// launch-settings.ts). Never in an unpackaged app. Downloads in the background, installs on quit.
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/** Returns whether the updater was started. */
export function startUpdater(updater: AutoUpdaterLike, options: { isPackaged: boolean; feedUrl: string | null; onError?(error: unknown): void }): boolean {
  if (!options.isPackaged) return false;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  if (options.feedUrl) updater.setFeedURL({ provider: 'generic', url: options.feedUrl });
  updater.checkForUpdatesAndNotify().catch((error: unknown) => options.onError?.(error));
  return true;
}
