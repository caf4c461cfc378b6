// The « action » form of seed 004 (« Valoriser son offre »): the two fields RafaelPro lets the responsible
// organisme fill, « le plus de cette formation » and « lien web », with the reminder that they belong to the action
// and so show on every one of its sessions. Checked by the shared schema before anything is queued.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { ActionListRow } from '../../../../shared/ipc/views';
import { EnrichPayload } from '../../../../shared/protocol/sync';
import { describeZodError } from '../../../../shared/ipc/validation';
import { invoke, toErrorData } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ActionSummary } from './ActionSummary';

export function EnrichDialog({ row, onClose, onSaved }: { row: ActionListRow | null; onClose: () => void; onSaved: (title: string) => void }) {
  return (
    <ModalOverlay className="modal-overlay" isOpen={row !== null} onOpenChange={(open) => !open && onClose()} isDismissable>
      <Modal className="modal modal-wide">{row ? <EnrichForm row={row} onClose={onClose} onSaved={onSaved} /> : null}</Modal>
    </ModalOverlay>
  );
}

function EnrichForm({ row, onClose, onSaved }: { row: ActionListRow; onClose: () => void; onSaved: (title: string) => void }) {
  const { t } = useTranslation();
  const { action } = row;
  const [highlight, setHighlight] = useState(action.highlight ?? '');
  const [webLink, setWebLink] = useState(action.webLink ?? '');
  const [error, setError] = useState<{ message: string; field?: string } | null>(null);
  useEffect(() => {
    setHighlight(action.highlight ?? '');
    setWebLink(action.webLink ?? '');
  }, [action.id, action.version]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const payload = { actionId: action.id, highlight: highlight.trim() || null, webLink: webLink.trim() || null };
    const checked = EnrichPayload.safeParse(payload);
    if (!checked.success) {
      const { field } = describeZodError(checked.error);
      setError({ field, message: checked.error.issues[0]?.message ?? t('enrich.invalid') });
      return;
    }
    setError(null);
    try {
      await invoke('actions.enrich', checked.data);
      onSaved(action.title);
    } catch (err) {
      setError(toErrorData(err));
    }
  }
  const fieldError = (name: string) => (error?.field === name ? error.message : null);
  return (
    <Dialog className="dialog" aria-labelledby="enrich-dialog-title">
      <form onSubmit={submit} className="enrich" data-testid="enrich-form" noValidate>
        <Heading slot="title" id="enrich-dialog-title">
          {action.title}
        </Heading>
        <ActionSummary action={action} />
        <p className="notice" data-testid="enrich-scope">
          {t('formations.wholeAction', { count: row.sessionCount })}
        </p>
        <label className="field">
          <span>{t('enrich.highlight')}</span>
          <textarea rows={6} maxLength={4000} value={highlight} autoFocus onChange={(e) => (setHighlight(e.target.value), setError(null))} aria-invalid={!!fieldError('highlight')} />
          <span className="small muted">{t('formations.highlightHint')}</span>
          {fieldError('highlight') ? <span className="field-error">{fieldError('highlight')}</span> : null}
        </label>
        <label className="field">
          <span>{t('enrich.webLink')}</span>
          <input type="url" value={webLink} placeholder="https://" onChange={(e) => (setWebLink(e.target.value), setError(null))} aria-invalid={!!fieldError('webLink')} />
          {fieldError('webLink') ? <span className="field-error">{fieldError('webLink')}</span> : null}
        </label>
        {error && !fieldError('highlight') && !fieldError('webLink') ? <ErrorMessage error={error} /> : null}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary">
            {t('enrich.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
