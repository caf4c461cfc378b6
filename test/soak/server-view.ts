// The campaign's own view of the server's truth, through the public HTTP API only: one incremental pull per
// structure (as a member of it), kept up to date at the end of every run. Checks compare the clients with this.
import { API_PREFIX, type PullPage } from '../../shared/protocol/sync';
import type { Action, Candidature, EntryPoint, PreRegistration, Session } from '../../shared/protocol/entities';

type Kinds = { actions: Action; sessions: Session; entryPoints: EntryPoint; candidatures: Candidature; preRegistrations: PreRegistration };
const KINDS = ['actions', 'sessions', 'entryPoints', 'candidatures', 'preRegistrations'] as const;

export async function http<T>(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${API_PREFIX}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

export async function signIn(baseUrl: string, email: string, password = 'demo'): Promise<string> {
  const reply = await http<{ token: string }>(baseUrl, 'POST', '/auth/login', { body: { email, password } });
  if (reply.status !== 200) throw new Error(`sign-in ${email}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body.token;
}

/** Every row one structure sees on the server, by kind and id. */
export class StructureView {
  readonly rows: { [K in keyof Kinds]: Map<string, Kinds[K]> } = {
    actions: new Map(), sessions: new Map(), entryPoints: new Map(), candidatures: new Map(), preRegistrations: new Map(),
  };
  private cursor: string | undefined;

  constructor(
    readonly structureId: string,
    private readonly baseUrl: () => string,
    private readonly token: string,
  ) {}

  async refresh(): Promise<void> {
    for (;;) {
      const query = new URLSearchParams({ limit: '2000', ...(this.cursor ? { since: this.cursor } : {}) });
      const reply = await http<PullPage>(this.baseUrl(), 'GET', `/structures/${this.structureId}/changes?${query}`, { token: this.token });
      if (reply.status !== 200) throw new Error(`server view ${this.structureId}: pull ${reply.status} ${JSON.stringify(reply.body)}`);
      const page = reply.body;
      for (const kind of KINDS) {
        for (const row of page.changes[kind] ?? []) (this.rows[kind] as Map<string, unknown>).set(row.id, row);
        for (const id of page.removed[kind] ?? []) this.rows[kind].delete(id);
      }
      this.cursor = page.cursor;
      if (!page.hasMore) return;
    }
  }

  candidaturesOf(sessionId: string): Candidature[] {
    return [...this.rows.candidatures.values()].filter((c) => c.sessionId === sessionId);
  }

  entryPointsOf(sessionId: string): EntryPoint[] {
    return [...this.rows.entryPoints.values()].filter((e) => e.sessionId === sessionId);
  }

  preRegistrationsOf(sessionId: string): PreRegistration[] {
    return [...this.rows.preRegistrations.values()].filter((p) => p.sessionId === sessionId);
  }
}
