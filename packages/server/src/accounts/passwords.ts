/** Passwords: argon2id hashes (OWASP parameters), and the rules a new password must meet. */
import argon2 from "argon2";
import type { ProblemField } from "@continuum/api";

const OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 256;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/** Verifies; for an unknown user pass `null` and it still spends the same time (no user enumeration by timing). */
export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    dummy ??= hashPassword("continuum-dummy-password");
    await argon2.verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** What is wrong with a new password, as problem fields (empty when it is acceptable). */
export function passwordProblems(password: string, field: string, email?: string): ProblemField[] {
  const out: ProblemField[] = [];
  if (password.length < MIN_PASSWORD_LENGTH) out.push({ field, message: `the password must have at least ${MIN_PASSWORD_LENGTH} characters`, hint: "a few unrelated words make a long password that is easy to remember" });
  if (password.length > MAX_PASSWORD_LENGTH) out.push({ field, message: `the password must have at most ${MAX_PASSWORD_LENGTH} characters` });
  if (email && password.toLowerCase() === email.toLowerCase()) out.push({ field, message: "the password must not be the e-mail address" });
  if (/^(.)\1*$/.test(password)) out.push({ field, message: "the password must not repeat a single character" });
  return out;
}
