// The sync protocol schemas (shared/protocol/sync.ts): a malformed payload is refused at the edge with the offending
// field named. Field names are read the way callers read them, through describeZodError.
import { describe, expect, it } from 'vitest';
import { v4, v7 } from 'uuid';
import type { z } from 'zod';
import {
  Decision,
  EnrichPayload,
  LoginRequest,
  MAX_MUTATIONS_PER_PUSH,
  Mutation,
  MutationResult,
  PullPage,
  PullQuery,
  PushRequest,
} from '../../../shared/protocol/sync';
import type { Candidature } from '../../../shared/protocol/entities';
import { describeZodError } from '../../../shared/ipc/validation';

/** The field describeZodError names for a refused value (fails the test if the value is accepted). */
function fieldOf(schema: z.ZodType, value: unknown, prefix = ''): string {
  const r = schema.safeParse(value);
  if (r.success) throw new Error(`accepted: ${JSON.stringify(value).slice(0, 200)}`);
  return describeZodError(r.error, prefix).field;
}

const candidature = (over: Partial<Candidature> = {}): Candidature => ({
  id: 'cand-1',
  sessionId: 'sess-1',
  candidate: { firstName: 'Anne', lastName: 'Martin', email: 'anne.martin@example.fr', phone: null },
  origin: 'CANDIDAT',
  prescriberStructureName: null,
  createdAt: '2025-03-01T09:15:00.000Z',
  createdOn: '2025-03-01',
  avisDeadline: '2025-04-15',
  state: 'EN_ATTENTE',
  retained: null,
  nonRetained: null,
  avisAt: null,
  avisOn: null,
  avisBy: null,
  avisReceivedAt: null,
  avisTimeNote: null,
  version: 1,
  ...over,
});

const session = {
  id: 'sess-1',
  actionId: 'act-1',
  carifNumber: '00498943',
  publishedOn: '2024-01-15',
  marketStart: '2024-02-01',
  marketEnd: '2027-12-31',
  city: 'BAYONNE',
  department: '64',
  trainingPlace: '12 rue des Arts',
  cpfEligible: true,
  fixedDates: false,
  contact: { name: 'Paul Durand', email: null, phone: null },
  disabilityReferent: null,
  status: 'PUBLISHED',
  orgRole: 'RESPONSABLE',
  version: 3,
};

const page = (changes: Record<string, unknown> = {}, over: Record<string, unknown> = {}) => ({
  cursor: '42',
  hasMore: false,
  remaining: 0,
  changes,
  removed: {},
  ...over,
});

const avisMutation = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  kind: 'avis',
  baseVersion: 1,
  createdAt: '2025-03-05T10:00:00.000Z',
  payload: { candidatureId: 'cand-1', decision: { kind: 'NON_RETENUE', motive: 'PERSONNE_INJOIGNABLE', justification: null } },
  ...over,
});

describe('PullPage', () => {
  it('accepts a page with rows, and fills every missing kind with an empty list', () => {
    const parsed = PullPage.parse(page({ sessions: [session], candidatures: [candidature()] }));
    expect(parsed.changes.candidatures).toHaveLength(1);
    expect(parsed.changes.actions).toEqual([]);
    expect(parsed.changes.entryPoints).toEqual([]);
    expect(parsed.changes.preRegistrations).toEqual([]);
    expect(parsed.removed).toEqual({ actions: [], sessions: [], entryPoints: [], candidatures: [], preRegistrations: [] });
  });

  it('an unknown candidature state names changes.candidatures.0.state', () => {
    expect(fieldOf(PullPage, page({ candidatures: [candidature({ state: 'BOGUS' as never })] }))).toBe('changes.candidatures.0.state');
  });

  it('names the index of the bad row and the nested field', () => {
    const bad = candidature({ candidate: { firstName: 'Luc', lastName: 'Petit', email: 'pas-un-email', phone: null } });
    expect(fieldOf(PullPage, page({ candidatures: [candidature(), bad] }))).toBe('changes.candidatures.1.candidate.email');
  });

  it('an impossible calendar day or a day without zero padding is refused with its field', () => {
    expect(fieldOf(PullPage, page({ candidatures: [candidature({ avisDeadline: '2026-02-30' })] }))).toBe('changes.candidatures.0.avisDeadline');
    expect(fieldOf(PullPage, page({ candidatures: [candidature({ createdOn: '2025-3-1' })] }))).toBe('changes.candidatures.0.createdOn');
    expect(fieldOf(PullPage, page({ sessions: [{ ...session, marketEnd: '31/12/2027' }] }))).toBe('changes.sessions.0.marketEnd');
  });

  it('an instant without offset is refused (the server always sends one)', () => {
    expect(fieldOf(PullPage, page({ candidatures: [candidature({ createdAt: '2025-03-01T09:15:00' })] }))).toBe('changes.candidatures.0.createdAt');
  });

  it('a session with an unknown org role or status is refused, a null org role (prescriber) is accepted', () => {
    expect(fieldOf(PullPage, page({ sessions: [{ ...session, orgRole: 'PORTEUR' }] }))).toBe('changes.sessions.0.orgRole');
    expect(fieldOf(PullPage, page({ sessions: [{ ...session, status: 'DRAFT' }] }))).toBe('changes.sessions.0.status');
    expect(PullPage.safeParse(page({ sessions: [{ ...session, orgRole: null }] })).success).toBe(true);
  });

  it('bad page-level fields are named: negative remaining, empty removed id, over-long cursor', () => {
    expect(fieldOf(PullPage, page({}, { remaining: -1 }))).toBe('remaining');
    expect(fieldOf(PullPage, page({}, { remaining: 1.5 }))).toBe('remaining');
    expect(fieldOf(PullPage, page({}, { removed: { sessions: [''] } }))).toBe('removed.sessions.0');
    expect(fieldOf(PullPage, page({}, { cursor: 'x'.repeat(65) }))).toBe('cursor');
    expect(fieldOf(PullPage, page({}, { hasMore: 'false' }))).toBe('hasMore');
  });

  it('describeZodError prefixes the field and puts it at the head of the message; a non-object names the root', () => {
    const r = PullPage.safeParse(page({ candidatures: [candidature({ state: 'BOGUS' as never })] }));
    expect(r.success).toBe(false);
    if (r.success) return;
    const described = describeZodError(r.error, 'body');
    expect(described.field).toBe('body.changes.candidatures.0.state');
    expect(described.message.startsWith('body.changes.candidatures.0.state : ')).toBe(true);
    expect(fieldOf(PullPage, 'not a page')).toBe('(racine)');
  });
});

describe('PullQuery', () => {
  it('coerces the query-string limit, defaults it to 1000, and bounds it to 1..5000', () => {
    expect(PullQuery.parse({ limit: '50' })).toEqual({ limit: 50 });
    expect(PullQuery.parse({})).toEqual({ limit: 1000 });
    expect(PullQuery.parse({ since: '17', limit: '5000' })).toEqual({ since: '17', limit: 5000 });
    expect(fieldOf(PullQuery, { limit: '5001' })).toBe('limit');
    expect(fieldOf(PullQuery, { limit: '0' })).toBe('limit');
    expect(fieldOf(PullQuery, { limit: 'abc' })).toBe('limit');
    expect(fieldOf(PullQuery, { limit: '2.5' })).toBe('limit');
  });
});

describe('Mutation and PushRequest', () => {
  it('accepts a UUIDv7 mutation id and refuses a UUIDv4 one, naming id', () => {
    expect(Mutation.safeParse(avisMutation(v7())).success).toBe(true);
    expect(fieldOf(Mutation, avisMutation(v4()))).toBe('id');
    expect(fieldOf(Mutation, avisMutation('00000000-0000-0000-0000-000000000000'))).toBe('id');
    expect(fieldOf(Mutation, avisMutation('not-a-uuid'))).toBe('id');
  });

  it('refuses an unknown mutation kind, naming kind', () => {
    expect(fieldOf(Mutation, avisMutation(v7(), { kind: 'avis.delete' }))).toBe('kind');
  });

  it('checks the payload against the kind it claims', () => {
    expect(fieldOf(Mutation, avisMutation(v7(), { kind: 'action.enrich' }))).toBe('payload.actionId');
    expect(fieldOf(Mutation, avisMutation(v7(), { payload: { candidatureId: 'cand-1', decision: { kind: 'RETENUE', plannedEntry: '2025-09-15' } } }))).toBe('payload.decision.plannedExit');
  });

  it('a base version is a non-negative integer or null (a row never seen by the client)', () => {
    expect(Mutation.safeParse(avisMutation(v7(), { baseVersion: null })).success).toBe(true);
    expect(fieldOf(Mutation, avisMutation(v7(), { baseVersion: -1 }))).toBe('baseVersion');
  });

  it(`a push carries 1 to ${MAX_MUTATIONS_PER_PUSH} mutations`, () => {
    const push = (n: number) => ({ clientId: v4(), mutations: Array.from({ length: n }, () => avisMutation(v7())) });
    expect(MAX_MUTATIONS_PER_PUSH).toBe(100);
    expect(PushRequest.safeParse(push(1)).success).toBe(true);
    expect(PushRequest.safeParse(push(MAX_MUTATIONS_PER_PUSH)).success).toBe(true);
    expect(fieldOf(PushRequest, push(MAX_MUTATIONS_PER_PUSH + 1))).toBe('mutations');
    expect(fieldOf(PushRequest, push(0))).toBe('mutations');
  });

  it('one bad mutation in a push is named by its index', () => {
    const mutations = [avisMutation(v7()), avisMutation(v7()), avisMutation(v4())];
    expect(fieldOf(PushRequest, { clientId: v4(), mutations })).toBe('mutations.2.id');
    expect(fieldOf(PushRequest, { clientId: 'poste-anne', mutations: [avisMutation(v7())] })).toBe('clientId');
  });

  it('a result answers with the mutation id (UUIDv7) and, when rejected, a known code', () => {
    const id = v7();
    expect(MutationResult.safeParse({ id, status: 'rejected', code: 'CAPACITY_REACHED', message: 'Session complète' }).success).toBe(true);
    expect(fieldOf(MutationResult, { id, status: 'rejected', code: 'FULL', message: 'x' })).toBe('code');
    expect(fieldOf(MutationResult, { id: v4(), status: 'rejected', code: 'INVALID', message: 'x' })).toBe('id');
    const applied = MutationResult.parse({ id, status: 'applied', changes: {}, removed: {} });
    expect(applied.status === 'applied' && applied.changes.candidatures).toEqual([]);
  });
});

describe('Decision', () => {
  it('refuses an unknown or missing kind, naming kind', () => {
    expect(fieldOf(Decision, { kind: 'PEUT_ETRE' })).toBe('kind');
    expect(fieldOf(Decision, { plannedEntry: '2025-09-15', plannedExit: '2026-03-15' })).toBe('kind');
  });

  it('a retained decision needs two valid days; a non-retained one a known motive', () => {
    expect(Decision.safeParse({ kind: 'RETENUE', plannedEntry: '2025-09-15', plannedExit: '2026-03-15' }).success).toBe(true);
    expect(fieldOf(Decision, { kind: 'RETENUE', plannedEntry: '2026-1-5', plannedExit: '2026-03-15' })).toBe('plannedEntry');
    expect(fieldOf(Decision, { kind: 'NON_RETENUE', motive: 'TROP_TARD', justification: null })).toBe('motive');
  });

  it('trims the justification and caps it at 2000 characters', () => {
    const parsed = Decision.parse({ kind: 'NON_RETENUE', motive: 'AUTRE', justification: '  Pièce manquante  ' });
    expect(parsed.kind === 'NON_RETENUE' && parsed.justification).toBe('Pièce manquante');
    expect(Decision.safeParse({ kind: 'NON_RETENUE', motive: 'AUTRE', justification: 'x'.repeat(2000) }).success).toBe(true);
    expect(fieldOf(Decision, { kind: 'NON_RETENUE', motive: 'AUTRE', justification: 'x'.repeat(2001) })).toBe('justification');
  });
});

describe('LoginRequest and EnrichPayload', () => {
  it('refuses a bad e-mail naming email, and an empty password naming password', () => {
    expect(LoginRequest.safeParse({ email: 'anne.martin@example.fr', password: 'secret' }).success).toBe(true);
    expect(fieldOf(LoginRequest, { email: 'anne.martin', password: 'secret' })).toBe('email');
    expect(fieldOf(LoginRequest, { email: 'anne martin@example.fr', password: 'secret' })).toBe('email');
    expect(fieldOf(LoginRequest, { email: `${'a'.repeat(250)}@ex.fr`, password: 'secret' })).toBe('email');
    expect(fieldOf(LoginRequest, { email: 'anne.martin@example.fr', password: '' })).toBe('password');
  });

  it('the "lien web" must be an http(s) address', () => {
    const enrich = (webLink: string | null) => ({ actionId: 'act-1', highlight: null, webLink });
    expect(EnrichPayload.safeParse(enrich('https://www.cap-metiers.pro/formation')).success).toBe(true);
    expect(EnrichPayload.safeParse(enrich('http://example.fr')).success).toBe(true);
    expect(EnrichPayload.safeParse(enrich(null)).success).toBe(true);
    for (const bad of ['javascript:alert(1)', 'ftp://example.fr/f', 'file:///etc/passwd', 'www.example.fr', `https://example.fr/${'a'.repeat(2048)}`]) {
      expect(fieldOf(EnrichPayload, enrich(bad))).toBe('webLink');
    }
  });

  it('"le plus de cette formation" is trimmed and capped at 4000 characters', () => {
    expect(EnrichPayload.parse({ actionId: 'act-1', highlight: '  Plateau technique neuf ', webLink: null }).highlight).toBe('Plateau technique neuf');
    expect(fieldOf(EnrichPayload, { actionId: 'act-1', highlight: 'x'.repeat(4001), webLink: null })).toBe('highlight');
  });
});
