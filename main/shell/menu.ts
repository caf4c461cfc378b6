// The French native menu. Built as a plain template so the tests can read it; the shell hands it to
// Menu.buildFromTemplate.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  syncNow(): void;
  openLogsFolder(): void;
  openHelp(): void;
  showAbout(): void;
}

export function buildMenuTemplate(actions: MenuActions, platform: NodeJS.Platform = process.platform): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  return [
    ...(isMac ? [{ label: 'RafaelPro Desktop', submenu: [{ role: 'about', label: 'À propos de RafaelPro Desktop' }, { type: 'separator' }, { role: 'hide', label: 'Masquer' }, { role: 'quit', label: 'Quitter' }] } as MenuItemConstructorOptions] : []),
    {
      label: 'Fichier',
      submenu: [isMac ? { role: 'close', label: 'Fermer la fenêtre' } : { role: 'quit', label: 'Quitter' }],
    },
    {
      label: 'Édition',
      submenu: [
        { role: 'undo', label: 'Annuler' },
        { role: 'redo', label: 'Rétablir' },
        { type: 'separator' },
        { role: 'cut', label: 'Couper' },
        { role: 'copy', label: 'Copier' },
        { role: 'paste', label: 'Coller' },
        { role: 'selectAll', label: 'Tout sélectionner' },
      ],
    },
    {
      label: 'Affichage',
      submenu: [
        { role: 'resetZoom', label: 'Taille réelle' },
        { role: 'zoomIn', label: 'Zoom avant' },
        { role: 'zoomOut', label: 'Zoom arrière' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Plein écran' },
      ],
    },
    {
      label: 'Synchronisation',
      submenu: [{ label: 'Synchroniser maintenant', accelerator: 'F5', click: () => actions.syncNow() }],
    },
    {
      label: 'Aide',
      submenu: [
        { label: 'Aide en ligne', click: () => actions.openHelp() },
        { label: 'Ouvrir le dossier des journaux', click: () => actions.openLogsFolder() },
        ...(isMac ? [] : [{ label: 'À propos de RafaelPro Desktop', click: () => actions.showAbout() } as MenuItemConstructorOptions]),
      ],
    },
  ];
}
