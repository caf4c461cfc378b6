import { describe, expect, it } from 'vitest';
import {
  canCreatePreRegistration,
  canDeletePreRegistration,
  canValidatePreRegistration,
  type PrescriberActor,
  type PreRegistrationOwner,
} from '../../../shared/domain/pre-registration-rights';

const actor = (profile: PrescriberActor['profile'], userId = 'me', structureId = 'ml'): PrescriberActor => ({ userId, structureId, profile });
const pre = (createdByProfile: PreRegistrationOwner['createdByProfile'], createdByUserId = 'me', prescriberStructureId = 'ml', status: PreRegistrationOwner['status'] = 'BROUILLON'): PreRegistrationOwner => ({
  createdByUserId,
  createdByProfile,
  prescriberStructureId,
  status,
});

describe('prescriber pre-registrations (seed 000)', () => {
  it('every prescriber level may create; OF profiles and no profile may not', () => {
    expect(canCreatePreRegistration(actor('PRESCRIPTEUR_N1')).ok).toBe(true);
    expect(canCreatePreRegistration(actor('PRESCRIPTEUR_N2')).ok).toBe(true);
    expect(canCreatePreRegistration(actor('PRESCRIPTEUR_N3')).ok).toBe(true);
    expect(canCreatePreRegistration(actor('OF_GENERAL')).ok).toBe(false);
    expect(canCreatePreRegistration(actor(null)).ok).toBe(false);
  });

  it('N1 saves and deletes its own but never validates, not even its own', () => {
    expect(canValidatePreRegistration(actor('PRESCRIPTEUR_N1'), pre('PRESCRIPTEUR_N1'))).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(canDeletePreRegistration(actor('PRESCRIPTEUR_N1'), pre('PRESCRIPTEUR_N1')).ok).toBe(true);
    expect(canDeletePreRegistration(actor('PRESCRIPTEUR_N1'), pre('PRESCRIPTEUR_N1', 'other')).ok).toBe(false);
  });

  it("N2 validates and deletes its own, not another user's", () => {
    expect(canValidatePreRegistration(actor('PRESCRIPTEUR_N2'), pre('PRESCRIPTEUR_N2')).ok).toBe(true);
    expect(canDeletePreRegistration(actor('PRESCRIPTEUR_N2'), pre('PRESCRIPTEUR_N2')).ok).toBe(true);
    expect(canValidatePreRegistration(actor('PRESCRIPTEUR_N2'), pre('PRESCRIPTEUR_N1', 'other')).ok).toBe(false);
    expect(canDeletePreRegistration(actor('PRESCRIPTEUR_N2'), pre('PRESCRIPTEUR_N1', 'other')).ok).toBe(false);
  });

  it('N3 validates and deletes its own and those of N1 and N2 of the same structure only', () => {
    const n3 = actor('PRESCRIPTEUR_N3');
    expect(canValidatePreRegistration(n3, pre('PRESCRIPTEUR_N3')).ok).toBe(true);
    expect(canValidatePreRegistration(n3, pre('PRESCRIPTEUR_N1', 'other')).ok).toBe(true);
    expect(canValidatePreRegistration(n3, pre('PRESCRIPTEUR_N2', 'other')).ok).toBe(true);
    expect(canDeletePreRegistration(n3, pre('PRESCRIPTEUR_N2', 'other')).ok).toBe(true);
    expect(canValidatePreRegistration(n3, pre('PRESCRIPTEUR_N3', 'other')).ok).toBe(false);
    expect(canValidatePreRegistration(n3, pre('PRESCRIPTEUR_N1', 'other', 'another-structure')).ok).toBe(false);
    expect(canDeletePreRegistration(n3, pre('PRESCRIPTEUR_N1', 'other', 'another-structure')).ok).toBe(false);
  });

  it('a validated pre-registration can be neither validated again nor deleted', () => {
    const done = pre('PRESCRIPTEUR_N2', 'me', 'ml', 'VALIDEE');
    expect(canValidatePreRegistration(actor('PRESCRIPTEUR_N2'), done)).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
    expect(canDeletePreRegistration(actor('PRESCRIPTEUR_N3'), done)).toMatchObject({ ok: false, code: 'ALREADY_DECIDED' });
  });
});
