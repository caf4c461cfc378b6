// A queued or refused decision is worded by the renderer from what the core stored (who or what it is about) and the
// mutation (what was decided), in the user's language; a summary stored as a sentence before stays as it was.
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import fr from '../../../renderer/src/i18n/fr.json';
import en from '../../../renderer/src/i18n/en.json';
import { decisionSummary } from '../../../renderer/src/features/sync/decision-summary';
import type { Mutation } from '../../../shared/protocol/sync';

const base = { id: 'm1', baseVersion: 1, createdAt: '2025-06-16T10:00:00.000Z', decidedAt: '2025-06-16T10:00:00.000Z' };
const retained: Mutation = { ...base, kind: 'avis', payload: { candidatureId: 'c1', decision: { kind: 'RETENUE', plannedEntry: '2025-07-01', plannedExit: '2025-12-31' } } };
const notRetained: Mutation = { ...base, kind: 'avis', payload: { candidatureId: 'c1', decision: { kind: 'NON_RETENUE', motive: 'DOCUMENT_MANQUANT', justification: null } } };
const enrich: Mutation = { ...base, kind: 'action.enrich', payload: { actionId: 'a1', highlight: 'Nouveau', webLink: null } } as Mutation;
const validate: Mutation = { ...base, kind: 'preregistration.validate', payload: { preRegistrationId: 'p1' } };

beforeAll(async () => {
  await i18next.init({ resources: { fr: { translation: fr }, en: { translation: en } }, lng: 'fr', fallbackLng: 'fr', interpolation: { escapeValue: false } });
});

describe('decision summaries', () => {
  it('words each kind of decision in French', async () => {
    await i18next.changeLanguage('fr');
    const t = i18next.t.bind(i18next);
    expect(decisionSummary(t, { mutation: retained, summary: { subject: 'Marie Dupont' } })).toBe('Avis retenu pour Marie Dupont');
    expect(decisionSummary(t, { mutation: notRetained, summary: { subject: 'Marie Dupont' } })).toBe('Avis non retenu (Document manquant) pour Marie Dupont');
    expect(decisionSummary(t, { mutation: enrich, summary: { subject: 'Soudeur TIG' } })).toBe("Enrichissement de l'offre « Soudeur TIG »");
    expect(decisionSummary(t, { mutation: validate, summary: { subject: 'Maïa Irigoyen' } })).toBe('Validation de la préinscription de Maïa Irigoyen');
  });

  it('words them in English too, the motive with its English label', async () => {
    await i18next.changeLanguage('en');
    const t = i18next.t.bind(i18next);
    expect(decisionSummary(t, { mutation: notRetained, summary: { subject: 'Marie Dupont' } })).toBe(`Avis “not retained” (${en.motive.DOCUMENT_MANQUANT}) for Marie Dupont`);
  });

  it('shows a summary stored as a sentence as it is', async () => {
    await i18next.changeLanguage('en');
    expect(decisionSummary(i18next.t.bind(i18next), { mutation: retained, summary: { text: 'Avis retenu pour Marie Dupont' } })).toBe('Avis retenu pour Marie Dupont');
  });
});
