// Every write goes through here: one transaction holding the global write lock, so change sequence numbers commit
// in the order they were drawn and a pull cursor can never step over a row that commits later with a smaller one.
import { sql } from 'drizzle-orm';
import { lockWrites, type ServerDb, type Tx } from './database';

export function writeTransaction<T>(db: ServerDb, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await lockWrites(tx);
    return work(tx);
  });
}

/** Readers take the same lock shared: inside, every sequence number drawn so far is committed and visible. */
export function readTransaction<T>(db: ServerDb, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock_shared(727001)`);
    return work(tx);
  });
}

/** The SQL expression that stamps a row with the next change sequence number. */
export const nextSeqSql = sql`nextval('change_seq')`;
