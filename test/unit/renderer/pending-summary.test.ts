// What the sync bar says is waiting, in both catalogues: each kind named with its plural, joined as a sentence.
import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import fr from '../../../renderer/src/i18n/fr.json';
import en from '../../../renderer/src/i18n/en.json';
import { pendingSummary } from '../../../renderer/src/features/sync/pending-summary';

async function translator(lng: 'fr' | 'en') {
  const i18n = i18next.createInstance();
  await i18n.init({ lng, resources: { fr: { translation: fr }, en: { translation: en } }, interpolation: { escapeValue: false } });
  return i18n.t;
}

describe('pending summary', () => {
  it('names each kind in French, with its plural', async () => {
    const t = await translator('fr');
    expect(pendingSummary(t, 'fr', { avis: 2, preRegistrations: 1, offer: 0 })).toBe('2 avis et 1 préinscription à envoyer');
    expect(pendingSummary(t, 'fr', { avis: 1, preRegistrations: 2, offer: 1 })).toBe("1 avis, 2 préinscriptions et 1 modification de l'offre à envoyer");
    expect(pendingSummary(t, 'fr', { avis: 0, preRegistrations: 0, offer: 2 })).toBe("2 modifications de l'offre à envoyer");
    expect(pendingSummary(t, 'fr', { avis: 0, preRegistrations: 0, offer: 0 })).toBe('Rien à envoyer');
  });

  it('says the same in English', async () => {
    const t = await translator('en');
    expect(pendingSummary(t, 'en', { avis: 1, preRegistrations: 2, offer: 0 })).toBe('1 decision and 2 pre-registrations to send');
    expect(pendingSummary(t, 'en', { avis: 0, preRegistrations: 0, offer: 0 })).toBe('Nothing to send');
  });
});
