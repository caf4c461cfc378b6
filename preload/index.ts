// Preload: the renderer's only door to the core. Exposes `window.rafael` (the typed RafaelApi) and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './rafael-bridge';

contextBridge.exposeInMainWorld('rafael', createPreloadApi(ipcRenderer));
