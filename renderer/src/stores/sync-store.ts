// The sync status shown in the always-visible bar, fed by 'sync.status' and 'sync.progress' events.
import { create } from 'zustand';
import type { SyncProgress, SyncStatus } from '../../../shared/ipc/views';
import { invoke } from '../api';

type SyncStore = {
  status: SyncStatus | null;
  progress: SyncProgress | null;
  refresh: () => Promise<void>;
  syncNow: () => Promise<void>;
  setWorkOffline: (workOffline: boolean) => Promise<void>;
  setStatus: (status: SyncStatus) => void;
  setProgress: (progress: SyncProgress | null) => void;
};

export const useSync = create<SyncStore>((set) => ({
  status: null,
  progress: null,
  async refresh() {
    set({ status: await invoke('sync.getStatus', {}) });
  },
  async syncNow() {
    set({ status: await invoke('sync.now', {}) });
  },
  async setWorkOffline(workOffline) {
    set({ status: await invoke('sync.setWorkOffline', { workOffline }) });
  },
  setStatus(status) {
    set((s) => ({ status, progress: status.syncing ? s.progress : null }));
  },
  setProgress(progress) {
    set({ progress });
  },
}));
