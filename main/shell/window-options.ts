// The main window's options, built in one place so the tests can assert the real object Electron receives: an
// isolated, sandboxed renderer with no Node, web security on, and our preload as its only door to the core.
import type { BrowserWindowConstructorOptions } from 'electron';

export function buildWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'RafaelPro Desktop',
    show: false, // shown on ready-to-show, so the user never sees an empty white frame
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      devTools: true,
    },
  };
}
