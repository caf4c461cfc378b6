// The EOS feed (the Region's system → the reference server, authenticated by an API key): actions, sessions with
// the org roles of each structure, entry points (add, bis, delete before their date), session cancellation.
import { z } from 'zod';
import { CalendarDate } from '../domain/calendar-date';
import { OrgRole } from '../domain/vocabulary';
import { Action, Id, Session } from './entities';

/** "Le plus" and "lien web" are edited in RafaelPro, never sent by EOS. */
export const EosAction = Action.omit({ responsibleStructureName: true, version: true, highlight: true, webLink: true }).extend({
  responsibleStructureId: Id,
});
export type EosAction = z.infer<typeof EosAction>;

export const EosSessionRole = z.object({ structureId: Id, role: OrgRole });
export const EosSession = Session.omit({ orgRole: true, version: true }).extend({
  roles: z.array(EosSessionRole).min(1).max(20),
});
export type EosSession = z.infer<typeof EosSession>;

export const EosActionsUpsert = z.object({ actions: z.array(EosAction).min(1).max(1000) });
export const EosSessionsUpsert = z.object({ sessions: z.array(EosSession).min(1).max(1000) });

export const EosEntryPointCreate = z.object({
  id: Id,
  date: CalendarDate,
  places: z.number().int().nonnegative().max(10_000),
  /** A "point d'entrée bis": an extra entry point that tops up an earlier one. */
  bis: z.boolean().default(false),
});
export type EosEntryPointCreate = z.infer<typeof EosEntryPointCreate>;

export const EosUpsertResponse = z.object({ upserted: z.number().int().nonnegative() });
export const EosCancelResponse = z.object({ refused: z.number().int().nonnegative() });
