// Direct HTTP access to the reference server, independent of the app under test: the ground truth the UI is
// compared with, and "another manager" acting first to cause a conflict.
import { v7 as uuidv7 } from 'uuid';
import { API_PREFIX, LoginResponse, PullPage, PushResponse, type Decision } from '../../../shared/protocol/sync';
import { MembersResponse } from '../../../shared/protocol/accounts';
import type { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../../shared/protocol/entities';

export class ServerApi {
  private constructor(
    private readonly baseUrl: string,
    readonly token: string,
    readonly login: LoginResponse,
  ) {}

  static async signIn(baseUrl: string, email: string, password: string): Promise<ServerApi> {
    const res = await fetch(`${baseUrl}${API_PREFIX}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`login ${email}: HTTP ${res.status} ${await res.text()}`);
    const login = LoginResponse.parse(await res.json());
    return new ServerApi(baseUrl, login.token, login);
  }

  private async call(path: string, init: RequestInit = {}): Promise<unknown> {
    const res = await fetch(`${this.baseUrl}${API_PREFIX}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${this.token}`, ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** Every session and candidature the structure sees, pulled page by page from the start. */
  async pullAll(structureId: string): Promise<{
    sessions: Map<string, Session>; candidatures: Map<string, Candidature>; preRegistrations: Map<string, PreRegistration>;
    actions: Map<string, Action>; entryPoints: Map<string, EntryPoint>;
  }> {
    const actions = new Map<string, Action>();
    const entryPoints = new Map<string, EntryPoint>();
    const sessions = new Map<string, Session>();
    const candidatures = new Map<string, Candidature>();
    const preRegistrations = new Map<string, PreRegistration>();
    let since: string | undefined;
    for (;;) {
      const page = PullPage.parse(await this.call(`/structures/${structureId}/changes?limit=5000${since ? `&since=${encodeURIComponent(since)}` : ''}`));
      for (const a of page.changes.actions) actions.set(a.id, a);
      for (const e of page.changes.entryPoints) entryPoints.set(e.id, e);
      for (const id of page.removed.entryPoints) entryPoints.delete(id);
      for (const s of page.changes.sessions) sessions.set(s.id, s);
      for (const c of page.changes.candidatures) candidatures.set(c.id, c);
      for (const p of page.changes.preRegistrations) preRegistrations.set(p.id, p);
      for (const id of page.removed.preRegistrations) preRegistrations.delete(id);
      for (const id of page.removed.sessions) sessions.delete(id);
      for (const id of page.removed.candidatures) candidatures.delete(id);
      since = page.cursor;
      if (!page.hasMore) break;
    }
    return { sessions, candidatures, preRegistrations, actions, entryPoints };
  }

  async giveAvis(structureId: string, candidature: Candidature, decision: Decision) {
    const body = {
      clientId: crypto.randomUUID(),
      mutations: [{ id: uuidv7(), kind: 'avis', baseVersion: candidature.version, createdAt: new Date().toISOString(), payload: { candidatureId: candidature.id, decision } }],
    };
    return PushResponse.parse(await this.call(`/structures/${structureId}/mutations`, { method: 'POST', body: JSON.stringify(body) }));
  }

  async members(structureId: string) {
    return MembersResponse.parse(await this.call(`/structures/${structureId}/members`)).members;
  }
}
