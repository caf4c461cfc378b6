// The schemas the core checks server rows against, compiled once, when the core loads, by zod's own ahead-of-time
// compiler (z.compile): a flat validator generated from the schema runs first, and zod's runtime parser only when it
// refuses, so what is accepted, what comes out and every error message stay zod's
// (test/integration/core/compiled-row-schemas.test.ts holds them to it). The schemas themselves stay in
// shared/protocol, the one source of the rows' types.
//
// Why: the sync checks rows by the thousand (a snapshot's lines, a pull page's rows) with the code cold. 10 000
// snapshot lines took 100-160 ms to check through the runtime parser, against 45-60 ms compiled (compiling them all
// takes ~10 ms, here, at load). The read model checks the rows it reads one at a time (a candidature before an avis)
// with them too: the runtime parser compiles its own validator on a schema's first use, which was a third of the
// first avis's time. Should a future schema use something the compiler cannot model, z.compile returns it unchanged
// (slower, still correct); the test compiles them strictly so that such a change is noticed.
import { z } from 'zod';
import { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../shared/protocol/entities';
import { SnapshotRow } from '../../shared/protocol/snapshot';
import type { RowKind } from '../../shared/protocol/sync';

/** A snapshot's row line. */
export const CompiledSnapshotRow = z.compile(SnapshotRow);

/** Server rows by kind: a pull page's, and those the read model reads back one by one. */
export const compiledRowSchemas = {
  actions: z.compile(Action),
  sessions: z.compile(Session),
  entryPoints: z.compile(EntryPoint),
  candidatures: z.compile(Candidature),
  preRegistrations: z.compile(PreRegistration),
} satisfies Record<RowKind, z.ZodType>;
