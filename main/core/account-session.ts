// Who is signed in, kept in the encrypted database (user, memberships, active structure) with the bearer token in
// the OS keychain. A first sign-in needs the server; afterwards the same e-mail and password open the local data
// offline, checked against a scrypt verifier, so a field adviser whose token expired on the road can keep working.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { LocalStore } from './local-store';
import { SECRET_TOKEN, type SecretStore } from './platform';
import { z } from 'zod';
import type { LoginResponse, MeResponse } from '../../shared/protocol/sync';
import { Membership, User } from '../../shared/protocol/entities';

const KV_USER = 'session.user';
const KV_MEMBERSHIPS = 'session.memberships';
const KV_ACTIVE = 'session.activeStructureId';
const KV_VERIFIER = 'session.offlineVerifier';
const KV_SIGNED_IN = 'session.signedIn';

const Verifier = z.object({ email: z.string(), salt: z.string(), hash: z.string() });
type Verifier = z.infer<typeof Verifier>;

/** A scrypt of the password: 50–120 ms of work, done on libuv's thread pool so the core keeps answering meanwhile. */
function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, 32, { N: 2 ** 14, r: 8, p: 1 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** The offline verifier of a password, before the e-mail it belongs to is known (the server's answer tells). */
export type PreparedVerifier = Promise<Omit<Verifier, 'email'>>;

/** The structure a user lands on: the previous one if still a member, else the first with a management profile. */
export function pickActiveStructure(memberships: readonly Membership[], previous: string | null): string | null {
  if (previous && memberships.some((m) => m.structure.id === previous)) return previous;
  return (memberships.find((m) => m.profile !== null) ?? memberships[0])?.structure.id ?? null;
}

export class AccountSession {
  token: string | null = null;
  private readonly stored;

  constructor(
    private readonly store: LocalStore,
    private readonly secrets: SecretStore,
  ) {
    this.stored = {
      signedIn: store.kvValue(KV_SIGNED_IN, z.boolean()),
      user: store.kvValue(KV_USER, User),
      memberships: store.kvValue(KV_MEMBERSHIPS, z.array(Membership)),
      activeStructureId: store.kvValue(KV_ACTIVE, z.string().nullable()),
    };
  }

  async load(): Promise<void> {
    this.token = await this.secrets.get(SECRET_TOKEN);
  }

  get signedIn(): boolean {
    return this.stored.signedIn.get() === true && this.user !== null;
  }
  get user(): User | null {
    return this.stored.user.get();
  }
  get memberships(): Membership[] {
    return this.stored.memberships.get() ?? [];
  }
  get activeStructureId(): string | null {
    return this.stored.activeStructureId.get();
  }
  get activeMembership(): Membership | null {
    const id = this.activeStructureId;
    return this.memberships.find((m) => m.structure.id === id) ?? null;
  }

  /** Whether signing in as this user would mix their data with another user's still on this machine. */
  isOtherUser(userId: string): boolean {
    const current = this.user;
    return current !== null && current.id !== userId;
  }

  /**
   * Starts deriving the verifier of the password being signed in with: a sign-in starts it before asking the server,
   * so the two take the same time rather than one after the other.
   */
  prepareVerifier(password: string): PreparedVerifier {
    const salt = randomBytes(16);
    const prepared = derive(password, salt).then((hash) => ({ salt: salt.toString('hex'), hash: hash.toString('hex') }));
    prepared.catch(() => undefined); // awaited only if the server accepts the password
    return prepared;
  }

  async signedInOnline(response: LoginResponse, verifier: PreparedVerifier): Promise<void> {
    const { salt, hash } = await verifier;
    await this.secrets.set(SECRET_TOKEN, response.token);
    this.token = response.token;
    this.store.transaction(() => {
      this.store.setKv(KV_VERIFIER, { email: response.user.email.toLowerCase(), salt, hash } satisfies Verifier);
      this.refreshed(response);
      this.store.setKv(KV_SIGNED_IN, true);
    });
  }

  /** Offline re-entry: only the user who last signed in on this machine, with the same password. */
  async verifyOffline(email: string, password: string): Promise<boolean> {
    const v = this.store.readKv(KV_VERIFIER, Verifier);
    if (!v || v.email !== email.trim().toLowerCase()) return false;
    const expected = Buffer.from(v.hash, 'hex');
    return timingSafeEqual(await derive(password, Buffer.from(v.salt, 'hex')), expected);
  }

  signedInOffline(): void {
    this.store.setKv(KV_SIGNED_IN, true);
  }

  hasOfflineVerifier(email: string): boolean {
    return this.store.readKv(KV_VERIFIER, Verifier)?.email === email.trim().toLowerCase();
  }

  /** New user and memberships from the server (sign-in, /auth/me, account update). */
  refreshed(me: MeResponse): void {
    const active = pickActiveStructure(me.memberships, this.activeStructureId);
    // Written only when it changed: every sync round refreshes the account, and a commit waits for the disk, on the
    // core's event loop (a second and more while another program writes heavily).
    if (JSON.stringify([this.user, this.memberships, this.activeStructureId]) === JSON.stringify([me.user, me.memberships, active])) return;
    this.store.transaction(() => {
      this.store.setKv(KV_USER, me.user);
      this.store.setKv(KV_MEMBERSHIPS, me.memberships);
      this.store.setKv(KV_ACTIVE, active);
    });
  }

  setActive(structureId: string): boolean {
    if (!this.memberships.some((m) => m.structure.id === structureId)) return false;
    this.store.setKv(KV_ACTIVE, structureId);
    return true;
  }

  async forgetToken(): Promise<void> {
    this.token = null;
    await this.secrets.delete(SECRET_TOKEN);
  }
}
