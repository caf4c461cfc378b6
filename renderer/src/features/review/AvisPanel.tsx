import { useEffect, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CandidatureDetail } from '../../../../shared/ipc/views';
import { NonRetentionMotive } from '../../../../shared/domain/vocabulary';
import { motiveNeedsJustification } from '../../../../shared/domain/avis';
import { formatCounter } from '../../../../shared/domain/entry-point-counter';
import { useReview, type AvisDraft } from '../../stores/review-store';
import { formatDateTime, formatDay } from '../../format';
import { StateBadge } from '../../components/StateBadge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { DateField } from '../../components/DateField';
import { decisionSummary } from '../sync/decision-summary';
import { reasonSentence, whyNot } from '../../api';

type Props = {
  detail: CandidatureDetail | null;
  error: { message: string } | null;
  draft: AvisDraft | null;
  busy: boolean;
  onSubmit: () => void;
  onOpen: (kind: 'yes' | 'no') => void;
  onCancel: () => void;
  /** Opens the form on the unsent avis, to change it before it is sent. */
  onEditPending: () => void;
  /** Takes the unsent avis back. */
  onCancelPending: () => void;
};

/** More than this between giving an avis and the server receiving it: it was given offline. */
const OFFLINE_GAP_MS = 2 * 60_000;

export function AvisPanel({ detail, error, draft, busy, onSubmit, onOpen, onCancel, onEditPending, onCancelPending }: Props) {
  const { t } = useTranslation();
  const formError = useReview((s) => s.error);
  const firstField = useRef<HTMLInputElement>(null);

  // Focus follows the form: the first field when it opens.
  useEffect(() => {
    if (draft) firstField.current?.focus();
  }, [draft?.kind]);

  if (!detail) {
    return (
      <aside className="avis-panel empty-panel" aria-label={t('avis.panel')}>
        <ErrorMessage error={error} />
        <p className="muted">{t('avis.selectHint')}</p>
      </aside>
    );
  }
  const { candidature, session, action, upcoming, canGiveAvis, pending } = detail;
  const c = candidature.candidate;
  const fieldError = (name: string) => (formError?.field === name ? formError.message : null);
  const generalError = formError && !formError.field ? formError : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }

  return (
    <aside className="avis-panel" aria-label={t('avis.panel')} data-testid="avis-panel" data-candidature-id={candidature.id}>
      <header className="avis-head">
        <h2>
          {c.firstName} {c.lastName}
        </h2>
        <StateBadge state={candidature.state} pending={!!pending} />
      </header>
      {draft ? (
        // While the form is open, the contact details stay in view: the avis often follows a call.
        <>
          <dl className="facts facts-compact">
            <dt>{t('avis.email')}</dt>
            <dd>
              <a href={`mailto:${c.email}`}>{c.email}</a>
            </dd>
            {c.phone ? (
              <>
                <dt>{t('avis.phone')}</dt>
                <dd>{c.phone}</dd>
              </>
            ) : null}
          </dl>
          <p className="small">
            {action.title} — {t('list.carif')} {session.carifNumber}
          </p>
        </>
      ) : (
      <dl className="facts">
        <dt>{t('avis.email')}</dt>
        <dd>{c.email}</dd>
        {c.phone ? (
          <>
            <dt>{t('avis.phone')}</dt>
            <dd>{c.phone}</dd>
          </>
        ) : null}
        <dt>{t('avis.session')}</dt>
        <dd>
          {action.title} — {t('list.carif')} {session.carifNumber}
        </dd>
        <dt>{t('avis.city')}</dt>
        <dd>
          {session.city} ({session.department})
        </dd>
        <dt>{t('avis.origin')}</dt>
        <dd>{candidature.prescriberStructureName ? t('avis.byPrescriber', { name: candidature.prescriberStructureName }) : t(`origin.${candidature.origin}`)}</dd>
        <dt>{t('avis.createdOn')}</dt>
        <dd>{formatDay(candidature.createdOn)}</dd>
        {candidature.state === 'EN_ATTENTE' ? (
          <>
            <dt>{t('avis.deadline')}</dt>
            <dd>{formatDay(candidature.avisDeadline)}</dd>
          </>
        ) : null}
        <dt>{t('avis.counter')}</dt>
        <dd>{upcoming ? t('avis.counterValue', { counter: formatCounter(upcoming), date: formatDay(upcoming.date) }) : t('avis.noUpcoming')}</dd>
      </dl>
      )}
      {candidature.retained ? (
        <p className="decision-summary state-RETENUE">
          {t('avis.retainedSummary', { entry: formatDay(candidature.retained.plannedEntry), exit: formatDay(candidature.retained.plannedExit) })}
        </p>
      ) : null}
      {candidature.nonRetained ? (
        <p className="decision-summary state-NON_RETENUE">
          {t(`motive.${candidature.nonRetained.motive}`)}
          {candidature.nonRetained.justification ? ` — ${candidature.nonRetained.justification}` : ''}
        </p>
      ) : null}
      {candidature.avisBy ? <AvisTimes candidature={candidature} /> : null}
      {pending ? (
        <div className="notice small pending-avis" data-testid="pending-avis">
          <p>{t('avis.pendingNotice', { summary: decisionSummary(t, pending) })}</p>
          {pending.changeable.allowed && pending.kind === 'avis' && !draft ? (
            <div className="btn-row">
              <button type="button" className="btn btn-small" onClick={onEditPending}>
                {t('avis.editPending')}
              </button>
              <button type="button" className="btn btn-small btn-danger-outline" onClick={onCancelPending}>
                {t('avis.cancelPending')}
              </button>
            </div>
          ) : !pending.changeable.allowed && pending.changeable.reason ? (
            <p className="muted">{reasonSentence(pending.changeable.reason)}</p>
          ) : null}
        </div>
      ) : null}

      {pending && !draft ? null : !canGiveAvis.allowed && !pending ? (
        <div className="rule-explainer" role="note" data-testid="avis-refusal">
          <p>{whyNot(canGiveAvis)}</p>
          {candidature.state === 'RETENUE' ? <p className="small">{t('avis.retainedFinal')}</p> : null}
          {candidature.state === 'NON_RETENUE' ? <p className="small">{t('avis.reopenCapMetiers')}</p> : null}
        </div>
      ) : draft === null ? (
        <div className="avis-actions">
          <p className="question">{t('avis.question')}</p>
          <div className="btn-row">
            <button type="button" className="btn btn-yes" onClick={() => onOpen('yes')} aria-keyshortcuts="o">
              {t('avis.yes')} <kbd>o</kbd>
            </button>
            <button type="button" className="btn btn-no" onClick={() => onOpen('no')} aria-keyshortcuts="n">
              {t('avis.no')} <kbd>n</kbd>
            </button>
          </div>
        </div>
      ) : (
        <form className="avis-form" data-avis-form onSubmit={submit} aria-label={draft.kind === 'RETENUE' ? t('avis.formYes') : t('avis.formNo')} noValidate>
          <p className="question">
            {draft.editing ? t('avis.editingPending') : t('avis.question')} <strong>{draft.kind === 'RETENUE' ? t('avis.yesShort') : t('avis.noShort')}</strong>
          </p>
          {draft.editing ? (
            <div className="btn-row small">
              <button type="button" className="link-button" onClick={() => useReview.getState().openDraft(draft.kind === 'RETENUE' ? { candidatureId: draft.candidatureId, kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: '', editing: draft.editing } : { candidatureId: draft.candidatureId, kind: 'RETENUE', plannedEntry: detail.suggestedEntry ?? '', plannedExit: detail.suggestedExit ?? '', editing: draft.editing })}>
                {draft.kind === 'RETENUE' ? t('avis.switchToNo') : t('avis.switchToYes')}
              </button>
            </div>
          ) : null}
          {draft.kind === 'RETENUE' ? (
            <div className="field-row">
              {/* jj/mm/aaaa whatever the OS or browser locale (react-aria under fr-FR). */}
              <DateField
                label={t('avis.plannedEntry')}
                value={draft.plannedEntry}
                min={session.marketStart}
                max={session.marketEnd}
                error={fieldError('plannedEntry')}
                autoFocus
                data-testid="planned-entry"
                onChange={(plannedEntry) => useReview.getState().updateDraft({ plannedEntry })}
              />
              <DateField
                label={t('avis.plannedExit')}
                value={draft.plannedExit}
                min={draft.plannedEntry || session.marketStart}
                max={session.marketEnd}
                error={fieldError('plannedExit')}
                data-testid="planned-exit"
                onChange={(plannedExit) => useReview.getState().updateDraft({ plannedExit })}
              />
            </div>
          ) : (
            <>
              <fieldset className="motives">
                <legend>{t('avis.motive')}</legend>
                {NonRetentionMotive.options.map((m, i) => (
                  <label key={m} className="radio">
                    <input
                      ref={i === 0 ? firstField : undefined}
                      type="radio"
                      name="motive"
                      value={m}
                      checked={draft.motive === m}
                      onChange={() => useReview.getState().updateDraft({ motive: m })}
                    />
                    <span>{t(`motive.${m}`)}</span>
                  </label>
                ))}
              </fieldset>
              {motiveNeedsJustification(draft.motive) ? (
                <label className="field">
                  <span>{t('avis.justification')}</span>
                  <textarea
                    rows={2}
                    value={draft.justification}
                    aria-invalid={!!fieldError('justification')}
                    onChange={(e) => useReview.getState().updateDraft({ justification: e.target.value })}
                  />
                  {fieldError('justification') ? <span className="field-error">{fieldError('justification')}</span> : null}
                </label>
              ) : null}
            </>
          )}
          <p className="counter-effect" data-testid="counter-effect">
            {upcoming
              ? draft.kind === 'NON_RETENUE' && candidature.state === 'EN_ATTENTE'
                ? t('avis.effectFree', { from: formatCounter(upcoming), to: formatCounter({ taken: Math.max(0, upcoming.taken - 1), places: upcoming.places }) })
                : t('avis.effectSame', { counter: formatCounter(upcoming) })
              : t('avis.effectNone')}
          </p>
          {draft.kind === 'NON_RETENUE' ? <p className="small muted">{t('avis.nonRetainedNote')}</p> : <p className="small muted">{t('avis.retainedNote')}</p>}
          <ErrorMessage error={generalError} />
          <div className="btn-row">
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('avis.confirm')} <kbd>{t('keys.enter')}</kbd>
            </button>
            <button type="button" className="btn" onClick={onCancel}>
              {t('common.cancel')} <kbd>{t('keys.esc')}</kbd>
            </button>
          </div>
        </form>
      )}
      {!draft && formError ? <ErrorMessage error={formError} /> : null}
    </aside>
  );
}

/** Who gave the avis and when; when it was given offline, also when the server received it. */
function AvisTimes({ candidature }: { candidature: CandidatureDetail['candidature'] }) {
  const { t } = useTranslation();
  const given = candidature.avisAt ? Date.parse(candidature.avisAt) : NaN;
  const received = candidature.avisReceivedAt ? Date.parse(candidature.avisReceivedAt) : NaN;
  const offline = !Number.isNaN(given) && !Number.isNaN(received) && received - given > OFFLINE_GAP_MS;
  return (
    <p className="small muted" data-testid="avis-times">
      {offline
        ? t('avis.givenOffline', { name: candidature.avisBy, when: formatDateTime(candidature.avisAt), received: formatDateTime(candidature.avisReceivedAt) })
        : t('avis.givenBy', { name: candidature.avisBy, when: formatDateTime(candidature.avisAt) })}
      {candidature.avisTimeNote ? <> {t(`avis.timeNote.${candidature.avisTimeNote}`)}</> : null}
    </p>
  );
}
