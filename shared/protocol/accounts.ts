// Accounts and référent tools (seed 000). These need the server: the desktop app proxies them online only.
import { z } from 'zod';
import { Instant } from '../domain/calendar-date';
import { ManagementProfile, ParcoursProProfile, StructureKind } from '../domain/vocabulary';
import { Id, Siret, Structure } from './entities';
import { safeText } from './text';

export const StructureSearchQuery = z.object({
  q: safeText(100).trim().min(2), // raison sociale, acronym or SIRET
});
export type StructureSearchQuery = z.infer<typeof StructureSearchQuery>;
export const StructureSearchResponse = z.object({ structures: z.array(Structure) });
export type StructureSearchResponse = z.infer<typeof StructureSearchResponse>;

export const Password = safeText(512).min(8, 'le mot de passe doit faire au moins 8 caractères');

export const NewStructureProposal = z.object({
  siret: Siret,
  name: safeText(200).trim().min(2),
  acronym: safeText(50).trim().nullable(),
  kind: StructureKind,
  city: safeText(100).trim().nullable(),
});
export type NewStructureProposal = z.infer<typeof NewStructureProposal>;

/** POST /accounts/requests (no authentication): ask for an account in an existing or a proposed structure. */
export const AccountRequest = z
  .object({
    email: z.email().max(254),
    password: Password,
    firstName: safeText(100).trim().min(1),
    lastName: safeText(100).trim().min(1),
    phone: safeText(30).trim().nullable(),
    structureId: Id.nullable(),
    newStructure: NewStructureProposal.nullable(),
  })
  .refine((r) => (r.structureId === null) !== (r.newStructure === null), {
    message: 'choisir une structure existante ou en proposer une nouvelle',
    path: ['structureId'],
  });
export type AccountRequest = z.infer<typeof AccountRequest>;

export const RequestStatus = z.enum(['EN_ATTENTE', 'ACCEPTEE', 'REFUSEE']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** An account or affiliation request, as the référent (or Cap Métiers for a first account) sees it. */
export const MembershipRequest = z.object({
  id: Id,
  kind: z.enum(['ACCOUNT', 'AFFILIATION']),
  structureId: Id,
  userId: Id,
  email: safeText(254),
  firstName: safeText(100),
  lastName: safeText(100),
  createdAt: Instant,
  status: RequestStatus,
});
export type MembershipRequest = z.infer<typeof MembershipRequest>;

export const RequestDecision = z.object({
  accept: z.boolean(),
  profile: ManagementProfile.nullable(), // profile given on acceptance
});
export type RequestDecision = z.infer<typeof RequestDecision>;

export const Member = z.object({
  userId: Id,
  email: safeText(254),
  firstName: safeText(100),
  lastName: safeText(100),
  phone: safeText(30).nullable(),
  profile: ManagementProfile.nullable(),
  parcoursProProfiles: z.array(ParcoursProProfile),
  referent: z.boolean(), // the star in the guide
  employer: z.boolean(), // the suitcase
  hasRights: z.boolean(),
});
export type Member = z.infer<typeof Member>;

export const MembersResponse = z.object({ members: z.array(Member) });
export const RequestsResponse = z.object({ requests: z.array(MembershipRequest) });

export const SetProfileRequest = z.object({ profile: ManagementProfile.nullable() });
export type SetProfileRequest = z.infer<typeof SetProfileRequest>;

export const AffiliationRequest = z.object({ structureId: Id });
export type AffiliationRequest = z.infer<typeof AffiliationRequest>;

/** PATCH /me: "Mon compte". Changing e-mail or password needs the current password. */
export const UpdateAccountRequest = z
  .object({
    email: z.email().max(254).optional(),
    phone: safeText(30).trim().nullable().optional(),
    newPassword: Password.optional(),
    currentPassword: safeText(512).optional(),
  })
  .refine((r) => (r.email === undefined && r.newPassword === undefined) || !!r.currentPassword, {
    message: 'le mot de passe actuel est requis',
    path: ['currentPassword'],
  });
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;
