import { secretKey, signToken, type TokenClaims } from '../auth/sign-token.js';
import type { Config } from '../config/config.js';
import { openDatabase } from '../database/open-database.js';
import type { ApiDatabase } from '../registry/api-database.js';
import { resolveJwtSecret } from '../registry/jwt-secret.js';

/** Options of `cellgate token`. */
export interface TokenCommandOptions {
  readonly user: string;
  readonly project: string;
  readonly admin?: boolean;
  readonly reader?: boolean;
  readonly expiresIn?: string;
}

/**
 * A signed bearer token (`cellgate token`): a member token, `--reader` a reader token, `--admin` an admin token.
 *
 * Signed with the HS256 secret the gateway accepts (`AUTH_JWT_SECRET`, or the one generated and kept in the API
 * database, created here if the gateway never ran), with the claim names the gateway reads. Rejects when only
 * `AUTH_JWKS_URL` is set (tokens then come from the identity provider) and when both roles are asked for.
 */
export async function tokenCommand(config: Config, options: TokenCommandOptions): Promise<string> {
  if (options.admin && options.reader) throw new Error('--admin and --reader exclude each other.');
  const [token] = await signTokens(config, [
    {
      userId: options.user,
      projectId: options.project,
      role: options.admin ? 'admin' : options.reader ? 'reader' : 'member',
      ...(options.expiresIn ? { expiresIn: options.expiresIn } : {}),
    },
  ]);
  return token!;
}

/** Tokens for `claims`, signed as `tokenCommand` signs them (one API database connection for all). */
export async function signTokens(config: Config, claims: readonly TokenClaims[]): Promise<string[]> {
  const { db } = openDatabase<ApiDatabase>({ url: config.apiDatabaseUrl, label: 'api' });
  let secret: string | undefined;
  try {
    secret = await resolveJwtSecret(config.auth, db);
  } finally {
    await db.destroy();
  }
  if (secret === undefined) {
    throw new Error(
      'Only AUTH_JWKS_URL is set: tokens come from the identity provider. ' +
        'Set AUTH_JWT_SECRET as well to have the gateway accept tokens signed by `cellgate token`.',
    );
  }
  const key = secretKey(secret);
  const names = { projectClaim: config.auth.projectClaim, rolesClaim: config.auth.rolesClaim };
  return Promise.all(claims.map((claim) => signToken(claim, key, names)));
}
