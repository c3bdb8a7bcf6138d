import { SignJWT } from 'jose';

import { writeClaim } from './claim-path.js';

/** What a token says about its bearer. */
export interface TokenClaims {
  readonly userId: string;
  readonly projectId: string;
  /** The role of the token. Default `'member'`. */
  readonly role?: 'admin' | 'member' | 'reader';
  /** Lifetime as a jose time span, e.g. `'30d'`. Default `'30d'`. */
  readonly expiresIn?: string;
}

/** Where `signToken` writes the project and the roles (the gateway's `AUTH_PROJECT_CLAIM` / `AUTH_ROLES_CLAIM`). */
export interface ClaimNames {
  /** Default `project_id`. */
  readonly projectClaim?: string;
  /** Default `roles`. */
  readonly rolesClaim?: string;
}

/** The roles a token of each role carries; as in Keystone's default roles, each implies the ones after it. */
const IMPLIED_ROLES = {
  admin: ['admin', 'member', 'reader'],
  member: ['member', 'reader'],
  reader: ['reader'],
} as const;

/** Signs an HS256 bearer token with claims `sub`, the project claim and the roles claim. */
export async function signToken(
  claims: TokenClaims,
  secret: Uint8Array,
  names: ClaimNames = {},
): Promise<string> {
  const payload: Record<string, unknown> = {};
  writeClaim(payload, names.projectClaim ?? 'project_id', claims.projectId);
  writeClaim(payload, names.rolesClaim ?? 'roles', [...IMPLIED_ROLES[claims.role ?? 'member']]);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(claims.expiresIn ?? '30d')
    .sign(secret);
}

/** The key bytes of an HS256 secret. */
export function secretKey(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}
