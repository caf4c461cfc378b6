// What every route and job needs: the database, the clock and the server's configuration.
import type { ServerDb } from './db/database';
import type { ServerClock } from './clock';

export interface ServerContext {
  db: ServerDb;
  clock: ServerClock;
  eosApiKey: string;
  tokenTtlMs: number;
  /** Identifies this database; embedded in cursors so a cursor from another database (or a restore) is refused. */
  epoch: string;
}
