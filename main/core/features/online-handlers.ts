// The channels that only make sense with the server at hand (account, référent tools): thin calls through the
// server client, with server failures turned into displayable IPC errors. Nothing here is queued offline.
import { RafaelError, type IpcHandlers } from '../../../shared/ipc/contract';
import { MeResponse } from '../../../shared/protocol/sync';
import { Member, MembersResponse, RequestsResponse, StructureSearchResponse } from '../../../shared/protocol/accounts';
import { AdminCandidatureSearchResponse, AdminRequestsResponse } from '../../../shared/protocol/admin';
import { Candidature } from '../../../shared/protocol/entities';
import type { CoreContext } from '../core-context';
import { ServerCallError, WorkingOfflineError } from '../sync/server-client';
import { requireSignedIn } from './guards';

type OnlineChannel =
  | 'account.update' | 'account.requestAffiliation' | 'account.createRequest' | 'structures.search' | 'referent.members'
  | 'referent.requests' | 'referent.decideRequest' | 'referent.setProfile' | 'referent.detach' | 'referent.exportMembers'
  | 'admin.requests' | 'admin.decideRequest' | 'admin.searchCandidatures' | 'admin.reopen';

export function toIpcError(error: unknown): RafaelError {
  if (error instanceof RafaelError) return error;
  if (!(error instanceof ServerCallError)) {
    return new RafaelError({ code: 'INTERNAL', message: `unexpected error: ${error instanceof Error ? error.message : String(error)}`, reason: { key: 'unexpected' } });
  }
  const api = error.apiError;
  switch (error.kind) {
    case 'unreachable':
      return new RafaelError({ code: 'OFFLINE', message: error.message, reason: error instanceof WorkingOfflineError ? error.reason : { key: 'serverRequired' } });
    case 'unauthenticated':
      return new RafaelError({ code: 'NOT_SIGNED_IN', message: error.message, reason: { key: 'sessionExpired' } });
    case 'rejected': {
      const code = api?.code === 'FORBIDDEN' ? 'FORBIDDEN' : api?.code === 'NOT_FOUND' ? 'NOT_FOUND' : api?.code === 'VALIDATION' ? 'VALIDATION' : 'RULE_VIOLATION';
      return new RafaelError({ code, message: error.message, reason: error.reason, ...(api?.field ? { field: api.field } : {}) });
    }
    default:
      return new RafaelError({ code: 'SERVER_ERROR', message: error.message, reason: error.reason });
  }
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export function onlineHandlers({ account, client, engine, status }: CoreContext): Pick<IpcHandlers, OnlineChannel> {
  // Account creation and the structure search come before any account: only they skip the check.
  const call = async <T>(run: () => Promise<T>, needsAccount = true): Promise<T> => {
    if (needsAccount) requireSignedIn(account);
    try {
      return await run();
    } catch (error) {
      if (error instanceof ServerCallError && error.kind === 'unauthenticated') engine.sessionExpired();
      throw toIpcError(error);
    }
  };
  const accountChanged = (me: MeResponse) => {
    account.refreshed(me);
    return status.publish();
  };
  const ok = { ok: true as const };
  return {
    'account.update': (input) => call(async () => accountChanged(await client.json(MeResponse, 'patch', 'me', input))),
    'account.requestAffiliation': (input) => call(async () => (await client.json(null, 'post', 'me/affiliations', input), ok)),
    'account.createRequest': (input) => call(async () => (await client.json(null, 'post', 'accounts/requests', input), ok), false),
    'structures.search': ({ q }) => call(async () => (await client.json(StructureSearchResponse, 'get', `structures/search?q=${encodeURIComponent(q)}`)).structures, false),
    'referent.members': ({ structureId }) => call(async () => (await client.json(MembersResponse, 'get', `${path('structures', structureId)}/members`)).members),
    'referent.requests': ({ structureId }) => call(async () => (await client.json(RequestsResponse, 'get', `${path('structures', structureId)}/requests`)).requests),
    'referent.decideRequest': ({ structureId, requestId, ...decision }) =>
      call(async () => (await client.json(null, 'post', `${path('structures', structureId, 'requests', requestId)}/decision`, decision), ok)),
    'referent.setProfile': ({ structureId, userId, profile }) =>
      call(async () => {
        await client.json(Member, 'put', `${path('structures', structureId, 'members', userId)}/profile`, { profile });
        if (userId === account.user?.id) accountChanged(await client.me());
        return ok;
      }),
    'referent.detach': ({ structureId, userId }) =>
      call(async () => (await client.json(null, 'delete', path('structures', structureId, 'members', userId)), ok)),
    'referent.exportMembers': ({ structureId }) =>
      call(async () => {
        const content = await client.text(`${path('structures', structureId)}/members.csv`);
        return { fileName: `membres-${structureId}.csv`, mimeType: 'text/csv;charset=utf-8', content: content.startsWith('\uFEFF') ? content : `\uFEFF${content}` };
      }),
    'admin.requests': () => call(async () => (await client.json(AdminRequestsResponse, 'get', 'admin/requests')).requests),
    'admin.decideRequest': ({ requestId, ...decision }) =>
      call(async () => (await client.json(null, 'post', `${path('admin', 'requests', requestId)}/decision`, decision), ok)),
    'admin.searchCandidatures': ({ q }) =>
      call(async () => (await client.json(AdminCandidatureSearchResponse, 'get', `admin/candidatures?q=${encodeURIComponent(q)}`)).candidatures),
    'admin.reopen': ({ candidatureId, ...dates }) => call(() => client.json(Candidature, 'post', `${path('admin', 'candidatures', candidatureId)}/reopen`, dates)),
  };
}
