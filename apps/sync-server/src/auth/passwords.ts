/** Password hashing with argon2id (RFC 9106), the server's only password store. */
import argon2 from 'argon2';

/** argon2id cost; the parameters are stored in each hash, so verifying needs no configuration. */
export interface PasswordCost {
  memoryCost: number;
  timeCost: number;
}

/** RFC 9106 section 4 second recommended option, scaled to 2 cores: 64 MiB, t=3, p=2. */
export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryCost: 65_536, timeCost: 3 };

export const hashPassword = (password: string, cost: PasswordCost = DEFAULT_PASSWORD_COST): Promise<string> =>
  argon2.hash(password, { type: argon2.argon2id, memoryCost: cost.memoryCost, timeCost: cost.timeCost, parallelism: 2 });

/** A hash of a random password, checked when the user does not exist so timing does not tell. */
let dummy: Promise<string> | null = null;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummy ??= hashPassword('lantern-no-such-user-dummy-password');
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  return argon2.verify(hash, password).catch(() => false);
}
