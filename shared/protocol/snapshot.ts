// The bootstrap snapshot (docs/architecture.md, « Bootstrap snapshot »): a first sync or a resync streams the whole
// visible snapshot with the cursor taken at its instant. GET /structures/{id}/snapshot answers NDJSON, compressed
// with brotli or gzip as the client accepts: one header line, one line per row (in SNAPSHOT_ROW_KINDS order) with the
// total line among them (before SNAPSHOT_TOTAL_BEFORE), one end line. A stream without its end line is incomplete
// and must be discarded; deltas after it use the paged pull from the header's cursor.
import { z } from 'zod';
import { Action, Candidature, EntryPoint, PreRegistration, Session } from './entities';
import { Cursor, type ChangeSet } from './sync';

export const SNAPSHOT_CONTENT_TYPE = 'application/x-ndjson';

/**
 * How a snapshot's body may be compressed, best first: the server answers with the first one the client accepts
 * (brotli is ~15 % smaller than gzip for these lines), and a client asks for these and decodes them.
 */
export const SNAPSHOT_ENCODINGS = ['br', 'gzip'] as const;
export type SnapshotEncoding = (typeof SNAPSHOT_ENCODINGS)[number];
/** The Accept-Encoding of a client's snapshot request. */
export const SNAPSHOT_ACCEPT_ENCODING = SNAPSHOT_ENCODINGS.join(', ');

export const SnapshotHeader = z.object({
  kind: z.literal('header'),
  /** Where the delta pulls that follow start from: the change sequence at the snapshot's instant. */
  cursor: Cursor,
});
export type SnapshotHeader = z.infer<typeof SnapshotHeader>;

/**
 * How many row lines the snapshot holds (for progress, and for the client to decide how to load them). Sent once,
 * after the header and before the first row of SNAPSHOT_TOTAL_BEFORE: the server counts while the client writes the
 * rows sent before it, instead of the client waiting for the count before its first row.
 */
export const SnapshotTotal = z.object({
  kind: z.literal('total'),
  rows: z.number().int().nonnegative(),
});
export type SnapshotTotal = z.infer<typeof SnapshotTotal>;

export const SnapshotEnd = z.object({
  kind: z.literal('end'),
  /** How many row lines were sent: a client that counted fewer lost some. */
  rows: z.number().int().nonnegative(),
  /**
   * True when nothing was written on the server after the snapshot's instant, as of its end: the delta pull from the
   * header's cursor would bring nothing, and the client need not ask for it. Absent (an older server) or false: it
   * pulls.
   */
  upToDate: z.boolean().optional(),
});
export type SnapshotEnd = z.infer<typeof SnapshotEnd>;

export const SnapshotRow = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('actions'), row: Action }),
  z.object({ kind: z.literal('sessions'), row: Session }),
  z.object({ kind: z.literal('entryPoints'), row: EntryPoint }),
  z.object({ kind: z.literal('candidatures'), row: Candidature }),
  z.object({ kind: z.literal('preRegistrations'), row: PreRegistration }),
]);
export type SnapshotRow = z.infer<typeof SnapshotRow>;

export const SnapshotLine = z.discriminatedUnion('kind', [SnapshotHeader, SnapshotTotal, SnapshotEnd, ...SnapshotRow.options]);
export type SnapshotLine = z.infer<typeof SnapshotLine>;

export type SnapshotRowKind = SnapshotRow['kind'];
/** The order of a snapshot's rows: parents before children (a candidature's session is there before it). */
export const SNAPSHOT_ROW_KINDS = ['actions', 'sessions', 'candidatures', 'entryPoints', 'preRegistrations'] as const satisfies readonly SnapshotRowKind[];
/** The total line comes before this kind's first row: a large first load writes them without their indexes. */
export const SNAPSHOT_TOTAL_BEFORE = 'candidatures' satisfies SnapshotRowKind;

/** A snapshot row into the change set's list of its kind. */
export function addSnapshotRow(changes: ChangeSet, line: SnapshotRow): void {
  switch (line.kind) {
    case 'actions': changes.actions.push(line.row); break;
    case 'sessions': changes.sessions.push(line.row); break;
    case 'entryPoints': changes.entryPoints.push(line.row); break;
    case 'candidatures': changes.candidatures.push(line.row); break;
    case 'preRegistrations': changes.preRegistrations.push(line.row); break;
  }
}
