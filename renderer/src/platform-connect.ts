// Obtains the RafaelApi from the platform bridge (preload in Electron, WebSocket bridge in a browser).
import { setRafaelApi } from './api';
import { getRafaelApi } from './platform';

export async function connectPlatform(): Promise<void> {
  setRafaelApi(getRafaelApi());
}
