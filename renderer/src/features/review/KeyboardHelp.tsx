import { useTranslation } from 'react-i18next';
import { Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useReview } from '../../stores/review-store';

export function KeyboardHelp() {
  const { t } = useTranslation();
  const open = useReview((s) => s.helpOpen);
  const rows: [string, string][] = [
    ['j / ↓', t('help.next')],
    ['k / ↑', t('help.previous')],
    ['o', t('help.yes')],
    ['n', t('help.no')],
    [t('keys.enter'), t('help.confirm')],
    [t('keys.esc'), t('help.cancel')],
    ['?', t('help.help')],
  ];
  return (
    <ModalOverlay className="modal-overlay" isOpen={open} onOpenChange={(o) => useReview.getState().setHelp(o)} isDismissable>
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">{t('help.title')}</Heading>
          <table className="keys-table">
            <tbody>
              {rows.map(([key, label]) => (
                <tr key={key}>
                  <th scope="row">
                    <kbd>{key}</kbd>
                  </th>
                  <td>{label}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="button" className="btn" autoFocus onClick={() => useReview.getState().setHelp(false)}>
              {t('common.close')}
            </button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
