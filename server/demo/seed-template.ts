// Integration tests start a server per file, each seeded with the same demo data at the same fixed date. Seeding
// (argon2 hashes, a few hundred rows) costs seconds on a busy machine, so the seeded database is kept as a PGlite
// template instead, named by the seed's size and date and by the code that makes it: any change to the server's or
// the shared rules' sources makes a new template, never a stale one.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatabaseTemplate } from '../db/database';
import { seedDemo } from './seed';

const SOURCE_DIRS = ['..', '../../shared'].map((d) => fileURLToPath(new URL(d, import.meta.url)));

function hashSources(hash: ReturnType<typeof createHash>, dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) hashSources(hash, full);
    else if (entry.name.endsWith('.ts')) hash.update(full).update(readFileSync(full));
  }
}

export function demoSeedTemplate(size: { candidatures: number; seed: number }, now: Date): DatabaseTemplate {
  const hash = createHash('sha256').update(JSON.stringify({ ...size, now: now.toISOString() }));
  for (const dir of SOURCE_DIRS) hashSources(hash, dir);
  return { key: hash.digest('hex').slice(0, 16), prepare: (db) => seedDemo(db, { ...size, now }) };
}
