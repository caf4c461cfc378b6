// Errors leave the core as a reason with parameters (shared/ipc/errors.ts); the renderer's IPC door (renderer/src/api.ts)
// words each in the user's language. Every reason has a sentence in both languages, and a screen that shows
// `error.message` shows that sentence.
import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fr from '../../../renderer/src/i18n/fr.json';
import en from '../../../renderer/src/i18n/en.json';
import { invoke, reasonSentence, setRafaelApi, toErrorData } from '../../../renderer/src/api';
import { RafaelError, type RafaelApi } from '../../../shared/ipc/contract';
import { ERROR_REASON_KEYS, type ErrorReason, type ErrorReasonKey } from '../../../shared/ipc/errors';
import { RejectionCode } from '../../../shared/domain/vocabulary';

/** One example of every reason (the type makes the list exhaustive). */
const EXAMPLES: { [K in ErrorReasonKey]: Extract<ErrorReason, { key: K }> } = {
  unexpected: { key: 'unexpected' },
  unexpectedCoreReply: { key: 'unexpectedCoreReply' },
  bridgeMissing: { key: 'bridgeMissing' },
  appClosing: { key: 'appClosing' },
  leftStructure: { key: 'leftStructure' },
  invalidInput: { key: 'invalidInput', params: { field: 'candidate.phone', detail: '10 chiffres' } },
  localDatabaseUnavailable: { key: 'localDatabaseUnavailable', params: { problem: 'LOCKED' } },
  signInRequired: { key: 'signInRequired' },
  sessionExpired: { key: 'sessionExpired' },
  invalidCredentials: { key: 'invalidCredentials' },
  noActiveStructure: { key: 'noActiveStructure' },
  notMember: { key: 'notMember' },
  firstSignInNeedsServer: { key: 'firstSignInNeedsServer' },
  otherUserRecovered: { key: 'otherUserRecovered' },
  otherUserPending: { key: 'otherUserPending' },
  unsentBeforeSignOut: { key: 'unsentBeforeSignOut', params: { avis: 2, preRegistrations: 1, offer: 0, conflicts: 1 } },
  serverRequired: { key: 'serverRequired' },
  workingOffline: { key: 'workingOffline' },
  serverUnreachable: { key: 'serverUnreachable' },
  serverTimeout: { key: 'serverTimeout' },
  snapshotEmpty: { key: 'snapshotEmpty' },
  snapshotLine: { key: 'snapshotLine', params: { line: 12, detail: 'row.state' } },
  snapshotLineUnreadable: { key: 'snapshotLineUnreadable', params: { line: 1 } },
  snapshotAfterEnd: { key: 'snapshotAfterEnd', params: { line: 40 } },
  snapshotIncomplete: { key: 'snapshotIncomplete', params: { received: 39, expected: 40 } },
  snapshotInterrupted: { key: 'snapshotInterrupted' },
  serverMalformed: { key: 'serverMalformed', params: { detail: 'results.0.code' } },
  serverStatus: { key: 'serverStatus', params: { status: 503 } },
  server: { key: 'server', params: { code: 'FORBIDDEN', message: '' } },
  resyncLoop: { key: 'resyncLoop' },
  pushWithoutResult: { key: 'pushWithoutResult' },
  syncInternal: { key: 'syncInternal' },
  notFoundLocally: { key: 'notFoundLocally', params: { entity: 'preRegistration' } },
  avisAlreadyQueued: { key: 'avisAlreadyQueued' },
  onlyAvisEditable: { key: 'onlyAvisEditable' },
  notInOutbox: { key: 'notInOutbox' },
  sendingNow: { key: 'sendingNow' },
  sentWithoutAnswer: { key: 'sentWithoutAnswer' },
  sessionNotOpenForPreRegistration: { key: 'sessionNotOpenForPreRegistration' },
  preRegistrationOperationQueued: { key: 'preRegistrationOperationQueued' },
  refusalIsFinal: { key: 'refusalIsFinal', params: { code: 'ALREADY_DECIDED' } },
  preRegistrationNotResubmittable: { key: 'preRegistrationNotResubmittable' },
  rule: { key: 'rule', params: { code: 'FORBIDDEN', message: '' } },
};

async function inLanguage<T>(lng: 'fr' | 'en', run: () => T | Promise<T>): Promise<T> {
  await i18next.changeLanguage(lng);
  return run();
}

beforeAll(async () => {
  await i18next.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: 'fr', fallbackLng: 'fr', interpolation: { escapeValue: false } });
});
afterAll(() => setRafaelApi(null as unknown as RafaelApi));

describe('error sentences', () => {
  it.each(ERROR_REASON_KEYS)('%s reads as a sentence in French and in English', async (key) => {
    const reason = EXAMPLES[key];
    const french = await inLanguage('fr', () => reasonSentence(reason));
    const english = await inLanguage('en', () => reasonSentence(reason));
    for (const sentence of [french, english]) {
      expect(sentence.trim(), key).not.toBe('');
      expect(sentence, key).not.toMatch(/errors\.|startupError\.|rejection\.|{{/);
    }
    expect(english, key).not.toBe(french);
  });

  it('says in the user’s language what keeps them from signing out', async () => {
    const onlyAvis: ErrorReason = { key: 'unsentBeforeSignOut', params: { avis: 2, preRegistrations: 0, offer: 0, conflicts: 0 } };
    expect(await inLanguage('fr', () => reasonSentence(onlyAvis))).toBe(
      '2 avis ne sont pas encore envoyés. Synchronisez ou réglez-les avant de vous déconnecter, ou confirmez leur abandon.',
    );
    const mixed: ErrorReason = { key: 'unsentBeforeSignOut', params: { avis: 1, preRegistrations: 2, offer: 0, conflicts: 1 } };
    expect(await inLanguage('fr', () => reasonSentence(mixed))).toBe(
      '1 avis et 2 préinscriptions ne sont pas encore envoyés et 1 décision refusée attend votre choix dans « Conflits ». Synchronisez ou réglez-les avant de vous déconnecter, ou confirmez leur abandon.',
    );
    expect(await inLanguage('en', () => reasonSentence(mixed))).toMatch(/^1 decision and 2 pre-registrations are not sent yet and 1 refused decision awaits/);
  });

  it('shows the server’s and the shared rules’ own words when they gave some', async () => {
    const server: ErrorReason = { key: 'server', params: { code: 'FORBIDDEN', message: 'Seul le référent peut le faire.' } };
    expect(await inLanguage('en', () => reasonSentence(server))).toBe('Seul le référent peut le faire.');
    const rule: ErrorReason = { key: 'rule', params: { code: 'CAPACITY_REACHED', message: 'La session est complète.' } };
    expect(await inLanguage('fr', () => reasonSentence(rule))).toBe('La session est complète.');
  });

  it('has advice for every rejection code in both languages', async () => {
    for (const code of RejectionCode.options) {
      for (const lng of ['fr', 'en'] as const) {
        const advice = await inLanguage(lng, () => i18next.t(`conflicts.adviceByCode.${code}`));
        expect(advice, `${lng} ${code}`).not.toMatch(/^conflicts\./);
      }
    }
  });
});

describe('the IPC door', () => {
  const failing = (error: RafaelError): RafaelApi => ({ invoke: () => Promise.reject(error), on: () => () => undefined });

  it('rethrows a core error with its sentence in the current language, keeping its code, field and reason', async () => {
    const reason: ErrorReason = { key: 'notFoundLocally', params: { entity: 'session' } };
    setRafaelApi(failing(new RafaelError({ code: 'NOT_FOUND', message: 'session not in the local data', reason, field: 'sessionId' })));
    const french = await inLanguage('fr', () => invoke('sessions.get', { id: 's1' }).catch(toErrorData));
    expect(french).toEqual({ code: 'NOT_FOUND', field: 'sessionId', reason, message: 'Session introuvable dans les données locales. Synchronisez puis réessayez.' });
    const english = await inLanguage('en', () => invoke('sessions.get', { id: 's1' }).catch(toErrorData));
    expect(english).toMatchObject({ code: 'NOT_FOUND', message: 'Session not found in the local data. Synchronise and try again.' });
  });

  it('leaves an error without a reason (from outside the core) as it came', async () => {
    setRafaelApi(failing(new RafaelError({ code: 'INTERNAL', message: 'Le cœur de l’application s’est arrêté.' })));
    const error = await inLanguage('en', () => invoke('app.getState', {}).catch(toErrorData));
    expect(error).toEqual({ code: 'INTERNAL', message: 'Le cœur de l’application s’est arrêté.' });
  });
});
