import { describe, expect, it } from 'vitest';
import { ManagementProfile, OrgRole } from '../../../shared/domain/vocabulary';
import { canDetachMember, canEnrichAction, canGiveAvis, canManageMembers, isPrescriberProfile } from '../../../shared/domain/rights';

const PROFILES = [...ManagementProfile.options, null] as const;
const ROLES = OrgRole.options;

function matrix(rule: (p: (typeof PROFILES)[number], r: (typeof ROLES)[number]) => { ok: boolean }) {
  return PROFILES.flatMap((p) => ROLES.filter((r) => rule(p, r).ok).map((r) => `${p}/${r}`)).sort();
}

describe('rights: profile × org role', () => {
  it('giving an avis needs OF_PREINSCRIPTION or OF_GENERAL, on a session where the structure is RESPONSABLE or POSITIONNEUR', () => {
    expect(matrix(canGiveAvis)).toEqual(['OF_GENERAL/POSITIONNEUR', 'OF_GENERAL/RESPONSABLE', 'OF_PREINSCRIPTION/POSITIONNEUR', 'OF_PREINSCRIPTION/RESPONSABLE']);
  });

  it('enriching an action ("le plus", lien web) is for the RESPONSABLE structure with OF_CATALOGUE or OF_GENERAL only', () => {
    expect(matrix(canEnrichAction)).toEqual(['OF_CATALOGUE/RESPONSABLE', 'OF_GENERAL/RESPONSABLE']);
  });

  it('refusals are FORBIDDEN with a French reason the UI can show in place', () => {
    const r = canGiveAvis('OF_GENERAL', 'FORMATEUR');
    expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(!r.ok && r.message).toMatch(/formateur/i);
    const p = canGiveAvis('OF_CATALOGUE', 'RESPONSABLE');
    expect(!p.ok && p.message).toMatch(/profil/i);
  });

  it('recognises the prescriber profiles', () => {
    expect(ManagementProfile.options.filter(isPrescriberProfile)).toEqual(['PRESCRIPTEUR_N1', 'PRESCRIPTEUR_N2', 'PRESCRIPTEUR_N3']);
    expect(isPrescriberProfile(null)).toBe(false);
  });
});

describe('référent tools', () => {
  it('a référent detaches others but never themself; a non-référent detaches no one', () => {
    expect(canDetachMember({ userId: 'a', referent: true }, 'b').ok).toBe(true);
    expect(canDetachMember({ userId: 'a', referent: true }, 'a')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(canDetachMember({ userId: 'a', referent: false }, 'b')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('only the référent manages members', () => {
    expect(canManageMembers({ referent: true }).ok).toBe(true);
    expect(canManageMembers({ referent: false }).ok).toBe(false);
  });
});

describe('a structure with no role on the session', () => {
  it('may neither give an avis nor enrich the offer, whatever the profile', () => {
    for (const profile of ['OF_GENERAL', 'OF_PREINSCRIPTION', 'OF_CATALOGUE', null] as const) {
      expect(canGiveAvis(profile, null)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(canEnrichAction(profile, null)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
  });
});
