// Browser mode's SecretStore: a 0600 JSON file in the development data directory. Browser mode is a development
// and test harness on the developer's own machine; the desktop app keeps its secrets in the OS keychain
// (Electron safeStorage, main/shell/secret-store.ts), never in a file like this one.
import fs from 'node:fs';
import path from 'node:path';
import type { SecretStore } from '../core/platform';

export class DevFileSecretStore implements SecretStore {
  constructor(private readonly file: string) {}

  private read(): Record<string, string> {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }
  private write(values: Record<string, string>): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(values), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
  async get(name: string) {
    return this.read()[name] ?? null;
  }
  async set(name: string, value: string) {
    this.write({ ...this.read(), [name]: value });
  }
  async delete(name: string) {
    const values = this.read();
    delete values[name];
    this.write(values);
  }
}
