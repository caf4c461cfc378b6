// Secrets (the database key, the session token) encrypted by the OS keychain through Electron's safeStorage and
// kept as blobs under userData/secrets. When the OS offers no real encryption (safeStorage unavailable, or Linux
// falling back to its 'basic_text' backend, i.e. a hard-coded password) nothing is written to disk: secrets live
// in memory for this run only and the shell tells the user, rather than leave a readable key next to the data.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Same shape as main/core's SecretStore. */
export interface SecretStoreLike {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** The slice of Electron's safeStorage used here. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export type SecretStoreMode = 'encrypted' | 'memory-only';

export interface ShellSecretStore {
  store: SecretStoreLike;
  mode: SecretStoreMode;
  /** Why secrets are memory-only, in French for the user; null when encrypted. */
  warning: string | null;
}

const NAME = /^[a-zA-Z0-9._-]{1,64}$/;

function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`invalid secret name: ${name}`);
}

export function secretStorageVerdict(safeStorage: SafeStorageLike, platform: NodeJS.Platform): { mode: SecretStoreMode; warning: string | null } {
  if (!safeStorage.isEncryptionAvailable()) {
    return { mode: 'memory-only', warning: 'Le chiffrement du système n’est pas disponible : vos données locales ne seront pas conservées après la fermeture de l’application.' };
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return { mode: 'memory-only', warning: 'Aucun trousseau (GNOME Keyring, KWallet) n’est disponible : vos données locales ne seront pas conservées après la fermeture de l’application.' };
  }
  return { mode: 'encrypted', warning: null };
}

export function createMemorySecretStore(): SecretStoreLike {
  const values = new Map<string, string>();
  return {
    async get(name) {
      return values.get(name) ?? null;
    },
    async set(name, value) {
      values.set(name, value);
    },
    async delete(name) {
      values.delete(name);
    },
  };
}

export function createSafeStorageSecretStore(safeStorage: SafeStorageLike, dir: string, platform: NodeJS.Platform = process.platform): ShellSecretStore {
  const verdict = secretStorageVerdict(safeStorage, platform);
  if (verdict.mode === 'memory-only') return { store: createMemorySecretStore(), ...verdict };
  const fileOf = (name: string) => {
    checkName(name);
    return path.join(dir, `${name}.bin`);
  };
  const store: SecretStoreLike = {
    async get(name) {
      const blob = await readFile(fileOf(name)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
      if (!blob) return null;
      try {
        return safeStorage.decryptString(blob);
      } catch {
        // A damaged blob (power cut mid-write, keychain reset) reads as absent, so the core's own recovery runs
        // (sign in again; database moved aside and rebuilt) instead of the app refusing to start forever.
        return null;
      }
    },
    async set(name, value) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // Write then rename: a crash leaves the old secret or the new one, never half of one.
      const file = fileOf(name);
      await writeFile(`${file}.tmp`, safeStorage.encryptString(value), { mode: 0o600 });
      await rename(`${file}.tmp`, file);
    },
    async delete(name) {
      await rm(fileOf(name), { force: true });
    },
  };
  return { store, ...verdict };
}
