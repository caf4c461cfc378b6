// A second, independent record of the unsent decisions, beside the encrypted database. If the database file
// becomes unreadable (corrupt, foreign, key lost with a reinstall), the journal still tells what the user decided
// so it can be exported to a readable file and queued again. Each line is encrypted on its own (AES-256-GCM with
// its own key from the SecretStore), so a torn last line from a killed process costs that line only.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { Mutation } from '../../shared/protocol/sync';

const JournalLine = z.discriminatedUnion('op', [
  z.object({ op: z.literal('add'), structureId: z.string(), summary: z.string(), mutation: Mutation, userId: z.string().optional() }),
  z.object({ op: z.literal('done'), id: z.string() }),
]);
type JournalLine = z.infer<typeof JournalLine>;

/** `userId`: who decided, so that decisions recovered into a fresh database are only ever sent by their author. */
export type JournalEntry = { structureId: string; summary: string; mutation: Mutation; userId?: string | undefined };

export class OutboxJournal {
  private readonly key: Buffer;

  constructor(
    private readonly file: string,
    keyHex: string,
  ) {
    this.key = Buffer.from(keyHex, 'hex');
    if (this.key.length !== 32) throw new Error('journal key must be 32 bytes of hex');
  }

  added(entry: JournalEntry): void {
    this.append({ op: 'add', ...entry });
  }

  done(id: string): void {
    this.append({ op: 'done', id });
  }

  /** Mutations added and not yet done, in the order they were made. Unreadable lines are skipped. */
  pending(): JournalEntry[] {
    if (!fs.existsSync(this.file)) return [];
    const open = new Map<string, JournalEntry>();
    for (const raw of fs.readFileSync(this.file, 'utf8').split('\n')) {
      const line = raw ? this.decrypt(raw) : null;
      if (!line) continue;
      if (line.op === 'add') open.set(line.mutation.id, { structureId: line.structureId, summary: line.summary, mutation: line.mutation, userId: line.userId });
      else open.delete(line.id);
    }
    return [...open.values()];
  }

  /**
   * Rewrites the journal to hold exactly these entries (atomically: write then rename). At start-up the readable
   * outbox is the truth; this also repairs a line lost to a crash between a commit and its journal append.
   */
  reset(pending: readonly JournalEntry[]): void {
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, pending.map((e) => this.encrypt({ op: 'add', ...e }) + '\n').join(''), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }

  clear(): void {
    fs.rmSync(this.file, { force: true });
  }

  /**
   * Each line is written before the call returns, so a killed process keeps it (it is in the system's cache), and
   * reaches the disk just after, off the command's path: the decision's database commit, made just before, is
   * already on disk (synchronous = FULL), so a power cut in that window loses a journal line only together with a
   * database that is readable anyway. Waiting for it cost each avis a second disk flush (p95 1–4 ms of the 5 ms an
   * avis may take to reach the outbox).
   */
  private append(line: JournalLine): void {
    const fd = fs.openSync(this.file, 'a', 0o600);
    try {
      fs.writeSync(fd, this.encrypt(line) + '\n');
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
    fs.fsync(fd, () => fs.close(fd, () => undefined));
  }

  private encrypt(line: JournalLine): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(line), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  private decrypt(raw: string): JournalLine | null {
    try {
      const buf = Buffer.from(raw, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      const text = Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
      const parsed = JournalLine.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  }
}
