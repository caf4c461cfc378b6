// Argon2id through @node-rs/argon2 (native, no build step).
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

// Parameters kept modest so seeding demo accounts and tests stay fast; still argon2id with a per-hash salt.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** A hash of nothing anyone knows, made once with the same parameters as real ones. */
let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a hash; with no hash (no such account) it checks against a dummy one and refuses, so an
 * unknown e-mail costs the same argon2 work as a known one and timing tells nobody which accounts exist.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (passwordHash === null) {
    dummyHash ??= hash(randomBytes(24).toString('base64url'), OPTIONS);
    await verifyPassword(await dummyHash, password);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
