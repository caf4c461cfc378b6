// « Avis enregistré — Annuler »: shown for a few seconds after each decision, reachable with the mouse, with Tab
// (it is a live region with a real button) and with Ctrl+Z / ⌘Z from anywhere outside a text field.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { invoke, toErrorData } from '../api';
import { useReview } from '../stores/review-store';
import { useUndo } from '../stores/undo-store';

function inTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA');
}

export function UndoNotice() {
  const { t } = useTranslation();
  const offer = useUndo((s) => s.offer);
  const [error, setError] = useState<string | null>(null);

  async function undo() {
    const current = useUndo.getState().offer;
    if (!current) return;
    useUndo.getState().dismiss(current.mutationId);
    try {
      await invoke('outbox.cancel', { id: current.mutationId });
      useReview.getState().bringBack(current.candidatureId);
      setError(null);
    } catch (e) {
      setError(toErrorData(e).message);
    }
  }

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (!useUndo.getState().offer || inTextField(event.target)) return;
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'z') {
        event.preventDefault();
        void undo();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!error) return;
    const timer = setTimeout(() => setError(null), 6000);
    return () => clearTimeout(timer);
  }, [error]);

  if (!offer && !error) return null;
  return (
    <div className="undo-notice" role="status" aria-live="polite" data-testid="undo-notice">
      {offer ? (
        <>
          <span className="undo-text">{t('undo.saved', { summary: offer.summary })}</span>
          <button type="button" className="btn btn-small" onClick={() => void undo()} aria-keyshortcuts="Control+Z">
            {t('undo.action')} <kbd>{t('undo.key')}</kbd>
          </button>
        </>
      ) : (
        <span className="undo-text" role="alert">{error}</span>
      )}
    </div>
  );
}
