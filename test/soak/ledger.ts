// The decisions users made during one run, and the verdict on each once every client has converged: applied on the
// server exactly once, or shown to its author as a conflict with a reason; never both, never neither.
//
// A decision is *acked* when the core answered the command with its mutation id; *uncertain* when the process was
// killed before it could answer (the command may or may not have been committed: if it was, it must be applied or
// in conflict like any other; if it left no trace it was never made). Decisions are recognised on the server by a
// tag they carry: the justification of a non-retained avis, the planned exit of a retained one (unique per run),
// the highlight of an enrichment, the candidate's last name of a pre-registration.
import type { Action, Candidature, PreRegistration } from '../../shared/protocol/entities';
import type { Decision } from '../../shared/protocol/sync';
import type { Conflict } from '../../shared/ipc/views';

export type DecisionKind = 'avis' | 'enrich' | 'pre.create' | 'pre.validate' | 'pre.delete';

export type DecisionRecord = {
  user: string;
  kind: DecisionKind;
  certainty: 'acked' | 'uncertain';
  mutationId: string | null;
  /** avis */
  candidatureId?: string;
  decision?: Decision;
  /** enrich */
  actionId?: string;
  highlight?: string;
  /** pre.*: the candidate's last name, unique per pre-registration */
  candidateTag?: string;
  /** pre.validate, pre.delete */
  preRegistrationId?: string;
  /**
   * Taken back from the outbox (outbox.cancel): 'yes' when the core said so, so it must never reach the server;
   * 'maybe' when the process was killed during the cancel.
   */
  cancelled?: 'yes' | 'maybe';
  /** Earlier contents of an edited avis (outbox.edit) still acceptable: the process was killed during the edit. */
  alternatives?: Decision[];
  /** Earlier contents replaced by an edit the core accepted: the server must not hold them. */
  edited?: Decision[];
};

export type Verdict = {
  decisions: number;
  applied: number;
  conflicts: number;
  /** Killed before the command committed: no trace anywhere, and the user never saw it accepted. */
  uncommitted: number;
  lost: string[];
  duplicated: string[];
  /** Enrichments replaced by their author's next edit before they were sent (or killed before they committed). */
  replaced: number;
  /** Decisions taken back from the outbox before they were sent. */
  cancelled: number;
  /** Taken back, yet applied on the server or shown as a conflict. */
  revived: string[];
  /** Conflicts shown without a code or a readable reason. */
  unexplained: string[];
};

export type ServerFacts = {
  candidature(id: string): Candidature | undefined;
  action(id: string): Action | undefined;
  actionVersionAtStart(id: string): number;
  preRegistrationsTagged(tag: string): PreRegistration[];
  /** Candidatures born from a validated pre-registration, as the organisme sees them. */
  candidaturesTagged(tag: string): Candidature[];
};

function sameDecision(a: Decision, b: Decision): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The conflict (if any) its author's client shows for this decision. */
export function conflictOf(record: DecisionRecord, conflicts: readonly Conflict[]): Conflict | undefined {
  return conflicts.find((c) => {
    if (record.mutationId && c.mutation.id === record.mutationId) return true;
    if (record.mutationId) return false;
    const m = c.mutation;
    switch (record.kind) {
      case 'avis':
        return m.kind === 'avis' && m.payload.candidatureId === record.candidatureId && sameDecision(m.payload.decision, record.decision!);
      case 'enrich':
        return m.kind === 'action.enrich' && m.payload.highlight === record.highlight;
      case 'pre.create':
        return m.kind === 'preregistration.create' && m.payload.candidate.lastName === record.candidateTag;
      case 'pre.validate':
        return m.kind === 'preregistration.validate' && m.payload.preRegistrationId === record.preRegistrationId;
      case 'pre.delete':
        return m.kind === 'preregistration.delete' && m.payload.preRegistrationId === record.preRegistrationId;
    }
    return false;
  });
}

function describe(r: DecisionRecord): string {
  const what = r.kind === 'avis' ? `avis ${r.decision?.kind} on ${r.candidatureId}` : r.kind === 'enrich' ? `enrichment "${r.highlight}"` : `${r.kind} of ${r.candidateTag}`;
  return `${r.user} ${what} (${r.certainty}${r.mutationId ? ` ${r.mutationId}` : ''})`;
}

export function judge(records: readonly DecisionRecord[], conflictsByUser: ReadonlyMap<string, readonly Conflict[]>, server: ServerFacts): Verdict {
  const verdict: Verdict = { decisions: records.length, applied: 0, conflicts: 0, uncommitted: 0, replaced: 0, cancelled: 0, revived: [], lost: [], duplicated: [], unexplained: [] };
  const conflictFor = new Map<DecisionRecord, Conflict | undefined>(records.map((r) => [r, conflictOf(r, conflictsByUser.get(r.user) ?? [])]));
  const conflicted = (r: DecisionRecord) => conflictFor.get(r) !== undefined;
  for (const [r, c] of conflictFor) {
    if (c && (!c.code || !c.message.trim())) verdict.unexplained.push(`${describe(r)}: conflict without a reason`);
  }

  /** One decision whose effect on the server is known. */
  const settle = (r: DecisionRecord, applied: boolean) => {
    const inConflict = conflicted(r);
    if (r.cancelled === 'yes') {
      if (applied) verdict.revived.push(`${describe(r)}: taken back before it was sent, yet applied on the server`);
      else if (inConflict) verdict.revived.push(`${describe(r)}: taken back before it was sent, yet shown as a conflict`);
      else verdict.cancelled += 1;
      return;
    }
    if (applied && inConflict) verdict.duplicated.push(`${describe(r)}: applied on the server and shown as a conflict (${conflictFor.get(r)!.code})`);
    else if (applied) verdict.applied += 1;
    else if (inConflict) verdict.conflicts += 1;
    else if (r.certainty === 'uncertain') verdict.uncommitted += 1;
    else verdict.lost.push(`${describe(r)}: neither applied nor in conflict`);
  };

  // Avis: the candidature carries the decision's own content (each is unique within a run).
  for (const r of records.filter((x) => x.kind === 'avis')) {
    const c = server.candidature(r.candidatureId!);
    const carries = (d: Decision) => !!c && c.state === d.kind && (d.kind === 'RETENUE'
      ? c.retained?.plannedEntry === d.plannedEntry && c.retained?.plannedExit === d.plannedExit
      : (c.nonRetained?.justification ?? null) === d.justification && c.nonRetained?.motive === d.motive);
    const applied = carries(r.decision!) || (r.alternatives ?? []).some(carries);
    // An edit the core accepted replaces the content: the server holding an earlier content means the edit was lost.
    if (!applied && r.certainty === 'acked' && r.edited?.some(carries)) {
      verdict.lost.push(`${describe(r)}: edited before it was sent, but the server holds an earlier content`);
      continue;
    }
    settle(r, applied);
  }

  // Enrichments: each applied one raises the action's version by one; a second edit queued before the first was
  // sent replaces it (so not every enrichment is applied), but the server can never count more than were made.
  const enrichments = records.filter((x) => x.kind === 'enrich');
  for (const actionId of new Set(enrichments.map((r) => r.actionId!))) {
    const mine = enrichments.filter((r) => r.actionId === actionId);
    const action = server.action(actionId);
    const delta = (action?.version ?? 0) - server.actionVersionAtStart(actionId);
    const standing = mine.filter((r) => !conflicted(r) && r.cancelled !== 'yes');
    verdict.conflicts += mine.filter((r) => conflicted(r) && r.cancelled !== 'yes').length;
    for (const r of mine.filter((x) => x.cancelled === 'yes')) {
      if (conflicted(r)) verdict.revived.push(`${describe(r)}: taken back before it was sent, yet shown as a conflict`);
      else verdict.cancelled += 1;
    }
    if (delta > standing.length) verdict.duplicated.push(`enrichments of ${actionId}: ${delta} applied for ${standing.length} made and not refused`);
    // A user's last enrichment of the action, accepted and neither taken back nor refused, must be on the server
    // (their earlier ones may have been replaced by it before being sent).
    const lastOfEach = [...new Set(mine.map((r) => r.user))].map((user) => mine.filter((r) => r.user === user).at(-1)!);
    const mustApply = lastOfEach.filter((r) => r.certainty === 'acked' && r.cancelled === undefined && !conflicted(r));
    if (mustApply.length > 0 && delta === 0) verdict.lost.push(`enrichments of ${actionId}: ${mustApply.map(describe).join(', ')} accepted, none applied`);
    if (delta > 0 && !standing.some((r) => r.highlight === action?.highlight)) {
      verdict.lost.push(`enrichments of ${actionId}: the server holds "${action?.highlight}", which no standing enrichment carries`);
    }
    verdict.applied += Math.min(delta, standing.length);
    verdict.replaced += Math.max(0, standing.length - delta);
  }

  // Pre-registrations, by candidate: created, maybe validated (one candidature born), maybe deleted.
  const tags = new Set(records.filter((x) => x.kind.startsWith('pre.')).map((r) => r.candidateTag!));
  for (const tag of tags) {
    const of = (kind: DecisionKind) => records.filter((r) => r.kind === kind && r.candidateTag === tag);
    const pres = server.preRegistrationsTagged(tag);
    const born = server.candidaturesTagged(tag);
    if (pres.length > 1) verdict.duplicated.push(`pre-registration ${tag}: ${pres.length} on the server`);
    if (born.length > 1) verdict.duplicated.push(`pre-registration ${tag}: ${born.length} candidatures born from it`);
    const deletes = of('pre.delete');
    const live = (r: DecisionRecord) => !conflicted(r) && r.cancelled !== 'yes';
    // A deletion taken back yet applied still explains an absent pre-registration (and is reported as revived).
    const deleted = pres.length === 0 && deletes.some((d) => !conflicted(d));
    const created = pres.length > 0 || born.length > 0 || deleted;
    for (const r of of('pre.create')) settle(r, created);

    const validates = of('pre.validate');
    const validated = born.length > 0;
    if (validated && pres[0] && pres[0].status !== 'VALIDEE') verdict.lost.push(`pre-registration ${tag}: a candidature was born but the pre-registration reads ${pres[0].status}`);
    const standingValidates = validates.filter(live);
    if (validated && validates.length > 0 && standingValidates.length === 0 && validates.every((r) => r.cancelled !== 'maybe')) {
      verdict.duplicated.push(`pre-registration ${tag}: validated on the server but every validation shows as a conflict`);
      verdict.conflicts += validates.length;
    } else if (validated && standingValidates.filter((r) => r.certainty === 'acked').length > 1) {
      verdict.lost.push(`pre-registration ${tag}: ${standingValidates.length} validations accepted, one candidature`);
    } else {
      // With several validations, the one applied is the one standing.
      for (const r of validates) settle(r, validated && (validates.length === 1 || live(r)));
    }

    if (of('pre.create').some((r) => live(r) && r.certainty === 'acked') && pres.length === 0 && !validated && deletes.length === 0) {
      verdict.lost.push(`pre-registration ${tag}: vanished from the server`);
    }
    for (const r of deletes) settle(r, pres.length === 0 && (deletes.length === 1 || live(r)));
  }
  return verdict;
}
