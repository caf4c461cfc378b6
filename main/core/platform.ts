// What the core needs from the platform, as small interfaces: the Electron shell gives safeStorage and OS network
// events; the headless host and tests give in-memory versions.
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  constructor(initial: Record<string, string> = {}) {
    for (const [k, v] of Object.entries(initial)) this.values.set(k, v);
  }
  async get(name: string) {
    return this.values.get(name) ?? null;
  }
  async set(name: string, value: string) {
    this.values.set(name, value);
  }
  async delete(name: string) {
    this.values.delete(name);
  }
}

/** The OS's online flag: a hint only. Reachability is decided by talking to the server. */
export interface NetworkMonitor {
  isOnline(): boolean;
  onChange(listener: (online: boolean) => void): () => void;
}

export const SECRET_DB_KEY = 'rafael.db.key';
export const SECRET_TOKEN = 'rafael.auth.token';
