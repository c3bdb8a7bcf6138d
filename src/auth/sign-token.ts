import { SignJWT } from 'jose';

/** What a token says about its bearer. */
export interface TokenClaims {
  readonly userId: string;
  readonly projectId: string;
  readonly isAdmin: boolean;
  /** Lifetime as a jose time span, e.g. `'30d'`. Default `'30d'`. */
  readonly expiresIn?: string;
}

/** Signs an HS256 bearer token with claims `sub`, `project_id` and `roles` (`['admin', 'member']` or `['member']`). */
export async function signToken(claims: TokenClaims, secret: Uint8Array): Promise<string> {
  return new SignJWT({
    project_id: claims.projectId,
    roles: claims.isAdmin ? ['admin', 'member'] : ['member'],
  })
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
