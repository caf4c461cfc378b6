// The RafaelPro HTTP API as the core uses it: ky with timeouts, retries with exponential backoff and jitter
// (Retry-After honoured), every response validated with the shared schemas before anything is stored.
import ky, { HTTPError, TimeoutError, type KyInstance } from 'ky';
import { z } from 'zod';
import { RejectionCode } from '../../../shared/domain/vocabulary';
import { API_PREFIX, ApiError, LoginResponse, MeResponse, PullPage, PushResponse, type LoginRequest, type PushRequest, type RowKind } from '../../../shared/protocol/sync';
import { SNAPSHOT_ACCEPT_ENCODING } from '../../../shared/protocol/snapshot';
import { Slices } from './time-slices';
import { compiledRowSchemas } from '../compiled-row-schemas';
import { decodedBody, fetchUndecoded } from './undecoded-fetch';
import { describeZodError } from '../../../shared/ipc/validation';
import type { ErrorReason } from '../../../shared/ipc/errors';

/**
 * Why a call failed, in the terms the sync engine acts on. `reason` is what the user is told (the renderer makes the
 * sentence); `message` is for the logs. Without a reason of its own, the error shows the server's words: its
 * message when it sent one, else `message`.
 */
export class ServerCallError extends Error {
  readonly reason: ErrorReason;
  constructor(
    readonly kind: 'unreachable' | 'unauthenticated' | 'resync' | 'rejected' | 'malformed' | 'server',
    message: string,
    readonly status?: number,
    readonly apiError?: ApiError,
    reason?: ErrorReason,
  ) {
    super(message);
    this.reason = reason ?? { key: 'server', params: { code: apiError?.code ?? null, message: apiError?.message ?? message } };
  }
}

/**
 * A rejection code this client does not know yet (a newer server) is read as INVALID, the server's code kept in the
 * message, so that one result cannot make the whole answer (and the others' outcomes) unreadable.
 */
export const TolerantPushResponse = z.preprocess((body) => {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { results?: unknown }).results)) return body;
  const results = (body as { results: unknown[] }).results.map((r) => {
    const x = r as { status?: unknown; code?: unknown; message?: unknown } | null;
    if (x?.status !== 'rejected' || typeof x.code !== 'string' || RejectionCode.safeParse(x.code).success) return r;
    return { ...x, code: 'INVALID', message: `${typeof x.message === 'string' ? x.message : ''} (${x.code})`.trim() };
  });
  return { ...body, results };
}, PushResponse);

/** An answer that does not fit the protocol; `detail` names the first offending field (for support). */
const malformedAnswer = (detail: string) => new ServerCallError('malformed', `malformed server answer: ${detail}`, undefined, undefined, { key: 'serverMalformed', params: { detail } });

/** A pull page with its rows still unchecked (ServerClient.pull checks them in slices). */
const uncheckedRows = z.array(z.unknown()).default([]);
const PullPageEnvelope = PullPage.extend({
  changes: z.object({ actions: uncheckedRows, sessions: uncheckedRows, entryPoints: uncheckedRows, candidatures: uncheckedRows, preRegistrations: uncheckedRows }),
});

/** « Travailler hors connexion »: the user asked for no network at all; refused before any request leaves. */
export class WorkingOfflineError extends ServerCallError {
  constructor() {
    super('unreachable', 'working offline: no request leaves', undefined, undefined, { key: 'workingOffline' });
  }
}

export type ServerClientOptions = {
  serverUrl: string;
  timeoutMs?: number;
  retries?: number;
  getToken: () => string | null;
  /** Checked before every request, whatever path it takes through this client. */
  workingOffline?: () => boolean;
};

export class ServerClient {
  private readonly http: KyInstance;

  /** How long a call may wait for an answer (and a snapshot body for its next bytes). */
  get timeoutMs(): number {
    return this.options.timeoutMs ?? 15_000;
  }

  constructor(private readonly options: ServerClientOptions) {
    this.http = ky.create({
      prefixUrl: options.serverUrl.replace(/\/$/, '') + API_PREFIX,
      timeout: options.timeoutMs ?? 15_000,
      retry: {
        limit: options.retries ?? 2,
        // Pushes are idempotent by mutation id, so POST may be retried too.
        methods: ['get', 'post', 'put', 'patch', 'delete'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [413, 429, 503],
        backoffLimit: 10_000,
        delay: (attempt) => 300 * 2 ** (attempt - 1) * (0.5 + Math.random()),
        // A refusal of our own (working offline) is final: no retry, no delay.
        shouldRetry: ({ error }) => (error instanceof WorkingOfflineError ? false : undefined),
      },
      hooks: {
        beforeRequest: [
          (request) => {
            if (options.workingOffline?.()) throw new WorkingOfflineError();
            const token = options.getToken();
            if (token) request.headers.set('authorization', `Bearer ${token}`);
          },
        ],
      },
    });
  }

  private async call<T extends z.ZodType>(schema: T | null, run: (http: KyInstance) => Promise<Response>): Promise<z.output<T>> {
    let response: Response;
    try {
      response = await run(this.http);
    } catch (error) {
      throw await toCallError(error);
    }
    if (schema === null) return undefined as z.output<T>;
    const body: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw malformedAnswer(describeZodError(parsed.error).message);
    return parsed.data;
  }

  login(body: LoginRequest) {
    return this.call(LoginResponse, (h) => h.post('auth/login', { json: body, retry: 0 }));
  }
  me() {
    return this.call(MeResponse, (h) => h.get('auth/me'));
  }
  logout() {
    return this.call(null, (h) => h.post('auth/logout', { retry: 0 }));
  }
  /**
   * A page of changes, every row checked: the envelope at once, the rows in time slices (a 5 000-row page takes
   * 60 ms and more to check, which the window would feel as a freeze). A malformed row names its field.
   */
  async pull(structureId: string, since: string | null, limit: number): Promise<PullPage> {
    const searchParams: Record<string, string> = { limit: String(limit) };
    if (since) searchParams.since = since;
    const page = await this.call(PullPageEnvelope, (h) => h.get(`structures/${encodeURIComponent(structureId)}/changes`, { searchParams }));
    const slices = new Slices();
    // The body was just parsed whole, in this same turn of the event loop (~10-20 ms for 5 000 rows): the checks
    // start on a turn of their own.
    await slices.next();
    const rows = async <T>(schema: z.ZodType<T>, kind: RowKind): Promise<T[]> => {
      const out: T[] = [];
      for (const [i, row] of page.changes[kind].entries()) {
        const parsed = schema.safeParse(row);
        if (!parsed.success) throw malformedAnswer(describeZodError(parsed.error, `changes.${kind}.${i}`).message);
        out.push(parsed.data);
        if (i % 64 === 63) await slices.maybeNext();
      }
      return out;
    };
    return {
      ...page,
      changes: {
        actions: await rows(compiledRowSchemas.actions, 'actions'),
        sessions: await rows(compiledRowSchemas.sessions, 'sessions'),
        entryPoints: await rows(compiledRowSchemas.entryPoints, 'entryPoints'),
        candidatures: await rows(compiledRowSchemas.candidatures, 'candidatures'),
        preRegistrations: await rows(compiledRowSchemas.preRegistrations, 'preRegistrations'),
      },
    };
  }
  /**
   * The bootstrap snapshot's body, decompressed as it arrives (read it with main/core/sync/bootstrap-loader.ts).
   * The timeout covers the answer's headers; the reader watches for a stalled body itself and aborts `signal`.
   */
  async snapshot(structureId: string, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    let response: Response;
    try {
      // The body comes undecoded (undecoded-fetch.ts) and is decompressed here, in large pieces.
      response = await this.http.get(`structures/${encodeURIComponent(structureId)}/snapshot`, { signal, headers: { 'accept-encoding': SNAPSHOT_ACCEPT_ENCODING }, fetch: fetchUndecoded });
    } catch (error) {
      throw await toCallError(error);
    }
    if (!response.body) throw new ServerCallError('malformed', 'malformed server answer: empty snapshot', undefined, undefined, { key: 'snapshotEmpty' });
    const body = decodedBody(response);
    if (!body) {
      await response.body.cancel().catch(() => undefined);
      throw malformedAnswer(`snapshot content-encoding ${response.headers.get('content-encoding') ?? ''}`);
    }
    return body;
  }
  push(structureId: string, body: PushRequest) {
    return this.call(TolerantPushResponse, (h) => h.post(`structures/${encodeURIComponent(structureId)}/mutations`, { json: body }));
  }
  /** Online-only proxies (référent tools, account). */
  json<T extends z.ZodType>(schema: T | null, method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: unknown) {
    return this.call(schema, (h) => h(path, { method, ...(body === undefined ? {} : { json: body }), retry: method === 'get' ? 2 : 0 }));
  }
  async text(path: string): Promise<string> {
    try {
      return await this.http.get(path).text();
    } catch (error) {
      throw await toCallError(error);
    }
  }
}

async function toCallError(error: unknown): Promise<ServerCallError> {
  if (error instanceof ServerCallError) return error;
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const body = ApiError.safeParse(await error.response.json().catch(() => null));
    const apiError = body.success ? body.data : undefined;
    const message = apiError?.message ?? `server error (HTTP ${status})`;
    // The server's own refusal when it explained itself, else its status.
    const reason: ErrorReason = apiError ? { key: 'server', params: { code: apiError.code, message: apiError.message } } : { key: 'serverStatus', params: { status } };
    if (status === 401) return new ServerCallError('unauthenticated', message, status, apiError, reason);
    if (status === 410 || apiError?.code === 'RESYNC_REQUIRED') return new ServerCallError('resync', message, status, apiError, reason);
    if (status >= 500 || status === 429 || status === 408) return new ServerCallError('server', message, status, apiError, reason);
    return new ServerCallError('rejected', message, status, apiError, reason);
  }
  if (error instanceof TimeoutError) return new ServerCallError('unreachable', 'server timed out', undefined, undefined, { key: 'serverTimeout' });
  return new ServerCallError('unreachable', 'server unreachable', undefined, undefined, { key: 'serverUnreachable' });
}
