// Argon2id through @node-rs/argon2 (native, no build step).
import { hash, verify } from '@node-rs/argon2';

// Parameters kept modest so seeding demo accounts and tests stay fast; still argon2id with a per-hash salt.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
