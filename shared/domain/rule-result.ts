// The answer of every rule: allowed, or refused with a stable code and a French sentence a manager can read.
// The server turns a refusal into a `rejected` mutation result; the client shows it before anything is queued.
import type { RejectionCode } from './vocabulary';

export type RuleResult = { ok: true } | { ok: false; code: RejectionCode; message: string; field?: string };

export const allowed: RuleResult = { ok: true };

export function refused(code: RejectionCode, message: string, field?: string): RuleResult {
  return field === undefined ? { ok: false, code, message } : { ok: false, code, message, field };
}

/** The first refusal among rules evaluated in order, or allowed. */
export function firstRefusal(...results: RuleResult[]): RuleResult {
  return results.find((r) => !r.ok) ?? allowed;
}
