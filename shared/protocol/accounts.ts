// Accounts and référent tools (seed 000). These need the server: the desktop app proxies them online only.
import { z } from 'zod';
import { Instant } from '../domain/calendar-date';
import { ManagementProfile, ParcoursProProfile, StructureKind } from '../domain/vocabulary';
import { Id, Siret, Structure } from './entities';

export const StructureSearchQuery = z.object({
  q: z.string().trim().min(2).max(100), // raison sociale, acronym or SIRET
});
export type StructureSearchQuery = z.infer<typeof StructureSearchQuery>;
export const StructureSearchResponse = z.object({ structures: z.array(Structure) });
export type StructureSearchResponse = z.infer<typeof StructureSearchResponse>;

export const Password = z.string().min(8, 'le mot de passe doit faire au moins 8 caractères').max(512);

export const NewStructureProposal = z.object({
  siret: Siret,
  name: z.string().trim().min(2).max(200),
  acronym: z.string().trim().max(50).nullable(),
  kind: StructureKind,
  city: z.string().trim().max(100).nullable(),
});
export type NewStructureProposal = z.infer<typeof NewStructureProposal>;

/** POST /accounts/requests (no authentication): ask for an account in an existing or a proposed structure. */
export const AccountRequest = z
  .object({
    email: z.email().max(254),
    password: Password,
    firstName: z.string().trim().min(1).max(100),
    lastName: z.string().trim().min(1).max(100),
    phone: z.string().trim().max(30).nullable(),
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
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
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
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
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
    phone: z.string().trim().max(30).nullable().optional(),
    newPassword: Password.optional(),
    currentPassword: z.string().max(512).optional(),
  })
  .refine((r) => (r.email === undefined && r.newPassword === undefined) || !!r.currentPassword, {
    message: 'le mot de passe actuel est requis',
    path: ['currentPassword'],
  });
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;
