// The screen shown when the app cannot start. A local database that cannot be opened (the core left it exactly as
// it was) gets what happened, what to do and the reassurance that nothing was lost; anything else shows the error's
// sentence (translated from its reason by renderer/src/api.ts).
import { useTranslation } from 'react-i18next';
import type { LocalDatabaseProblem } from '../../../shared/ipc/contract';
import type { ErrorReason } from '../../../shared/ipc/errors';

type Translate = ReturnType<typeof useTranslation>['t'];

// Literal t() calls, one pair per reason, so the catalogue check sees every key and a new reason cannot be forgotten.
const ADVICE: Record<LocalDatabaseProblem, (t: Translate) => { what: string; todo: string }> = {
  NATIVE_MODULE: (t) => ({ what: t('startupError.localDatabase.NATIVE_MODULE.what'), todo: t('startupError.localDatabase.NATIVE_MODULE.todo') }),
  PERMISSION: (t) => ({ what: t('startupError.localDatabase.PERMISSION.what'), todo: t('startupError.localDatabase.PERMISSION.todo') }),
  DISK_FULL: (t) => ({ what: t('startupError.localDatabase.DISK_FULL.what'), todo: t('startupError.localDatabase.DISK_FULL.todo') }),
  LOCKED: (t) => ({ what: t('startupError.localDatabase.LOCKED.what'), todo: t('startupError.localDatabase.LOCKED.todo') }),
  OTHER: (t) => ({ what: t('startupError.localDatabase.OTHER.what'), todo: t('startupError.localDatabase.OTHER.todo') }),
};

export function StartupError({ error }: { error: { code: string; message: string; reason?: ErrorReason } }) {
  const { t } = useTranslation();
  const problem = error.reason?.key === 'localDatabaseUnavailable' ? error.reason.params.problem : null;
  if (!problem) {
    return (
      <main className="boot-error" role="alert">
        <h1>{t('app.name')}</h1>
        <p>{error.message}</p>
      </main>
    );
  }
  const advice = ADVICE[problem](t);
  return (
    <main className="boot-error" role="alert" aria-labelledby="startup-error-title">
      <h1 id="startup-error-title">{t('startupError.title')}</h1>
      <p>{advice.what}</p>
      <h2>{t('startupError.whatToDo')}</h2>
      <ol>
        <li>{advice.todo}</li>
        <li>{t('startupError.relaunch')}</li>
      </ol>
      <p>{t('startupError.localDatabase.untouched')}</p>
      <p>{t('startupError.support')}</p>
      <p>
        <small>{t('startupError.code', { code: `${error.code} / ${problem}` })}</small>
      </p>
    </main>
  );
}
