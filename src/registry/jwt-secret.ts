import { randomBytes } from 'node:crypto';

import type { Kysely } from 'kysely';

import type { AuthConfig } from '../config/config.js';
import type { ApiDatabase } from './api-database.js';
import { readOrCreateGatewaySecret } from './gateway-secret.repository.js';

/** The name of the generated HS256 secret in `gateway_secrets`. */
const JWT_SECRET_NAME = 'jwt-hs256';

/**
 * The HS256 secret in force, or `undefined` when HS256 tokens are not accepted.
 *
 * `AUTH_JWT_SECRET` when set; none when only `AUTH_JWKS_URL` is set (tokens come from the identity provider);
 * otherwise the secret generated on first start (32 random bytes, base64url) and kept in the API database, so the
 * gateway, its restarts, other gateway processes and `cellgate token` agree. Rejects when the API database does not
 * answer or is not migrated (the message says to run `cellgate db migrate`).
 */
export async function resolveJwtSecret(
  auth: AuthConfig,
  api: Kysely<ApiDatabase>,
): Promise<string | undefined> {
  if (auth.jwtSecret !== undefined) return auth.jwtSecret;
  if (auth.jwksUrl !== undefined) return undefined;
  try {
    return await readOrCreateGatewaySecret(api, JWT_SECRET_NAME, () => randomBytes(32).toString('base64url'));
  } catch (error) {
    throw new Error(
      'Could not read the generated token secret from the API database (API_DATABASE_URL); ' +
        `run \`cellgate db migrate\` first: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
