// The renderer's single door to the app: the typed RafaelApi (window.rafael, from preload or the browser bridge).
// Errors come out of the core as codes with a reason and its parameters (shared/ipc/errors.ts); this door turns each
// into a sentence in the user's language, so every screen that shows `error.message` shows it translated.
// The app's one i18next instance, set up by ./i18n (imported once by main.tsx).
import i18n from 'i18next';
import type { ChannelInput, ChannelName, ChannelOutput, EventName, EventPayload, RafaelApi } from '../../shared/ipc/contract';
import { RafaelError } from '../../shared/ipc/contract';
import type { ErrorReason } from '../../shared/ipc/errors';
import type { Permission } from '../../shared/ipc/views';
import { pendingItems } from './features/sync/pending-summary';

let resolved: RafaelApi | null = null;

export function setRafaelApi(api: RafaelApi): void {
  resolved = api;
}

function api(): RafaelApi {
  const found = resolved;
  if (!found) throw localized(new RafaelError({ code: 'INTERNAL', message: 'the bridge to the core is missing', reason: { key: 'bridgeMissing' } }));
  return found;
}

/** The sentence the user reads for `reason`, in the current language (French, or English). */
export function reasonSentence(reason: ErrorReason): string {
  const t = i18n.t.bind(i18n);
  switch (reason.key) {
    case 'unsentBeforeSignOut': {
      const { conflicts, ...pending } = reason.params;
      const total = pending.avis + pending.preRegistrations + pending.offer;
      const list = new Intl.ListFormat(i18n.language, { style: 'long', type: 'conjunction' });
      const parts = [
        total ? t('errors.unsentBeforeSignOut.pending', { count: total, items: pendingItems(t, i18n.language, pending) }) : null,
        conflicts ? t('errors.unsentBeforeSignOut.conflicts', { count: conflicts }) : null,
      ].filter((p): p is string => p !== null);
      return t('errors.unsentBeforeSignOut.sentence', { what: list.format(parts) });
    }
    case 'server': {
      const { code, message } = reason.params;
      return message || t(`errors.serverCode.${code ?? 'INTERNAL'}`);
    }
    case 'rule':
      return reason.params.message || t(`rejection.${reason.params.code}`);
    case 'localDatabaseUnavailable':
      return t(`startupError.localDatabase.${reason.params.problem}.what`);
    case 'notFoundLocally':
      return t(`errors.notFoundLocally.${reason.params.entity}`);
    case 'refusalIsFinal':
      return t('errors.refusalIsFinal', { code: t(`rejection.${reason.params.code}`) });
    default:
      return t(`errors.${reason.key}`, 'params' in reason ? reason.params : {});
  }
}

/** Why an action is not allowed, as a sentence; undefined when it is allowed or no reason was given. */
export function whyNot(permission: Permission): string | undefined {
  return !permission.allowed && permission.reason ? reasonSentence(permission.reason) : undefined;
}

/** The same error, its message now the sentence for its reason (errors without a reason keep their message). */
function localized(error: unknown): unknown {
  if (!(error instanceof RafaelError) || !error.reason) return error;
  const shown = new RafaelError({ code: error.code, message: reasonSentence(error.reason), reason: error.reason, ...(error.field ? { field: error.field } : {}) });
  return shown;
}

export async function invoke<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  try {
    return await api().invoke(channel, input);
  } catch (error) {
    throw localized(error);
  }
}

export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return api().on(event, listener);
}

/** Any thrown value as displayable error data (a RafaelError from `invoke` carries the translated sentence, maybe a field or a reason). */
export function toErrorData(error: unknown): { code: string; message: string; field?: string; reason?: ErrorReason } {
  if (error instanceof RafaelError) return { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}), ...(error.reason ? { reason: error.reason } : {}) };
  if (error && typeof error === 'object' && 'code' in error && 'message' in error) {
    const e = error as { code: unknown; message: unknown; field?: unknown };
    return { code: String(e.code), message: String(e.message), ...(typeof e.field === 'string' ? { field: e.field } : {}) };
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
