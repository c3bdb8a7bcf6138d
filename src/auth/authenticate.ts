import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTHeaderParameters,
  type JWTVerifyGetKey,
  type FlattenedJWSInput,
} from 'jose';

import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import { readClaim } from './claim-path.js';
import { viewerRoleOf, type Viewer } from './viewer.js';

/** The asymmetric algorithms accepted from an identity provider's JWK set. */
export const JWKS_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** Options of `createAuthenticator`. */
export interface AuthenticatorOptions {
  /** HS256 key bytes; HS256 tokens are refused without it. */
  readonly secret?: Uint8Array | undefined;
  /** The identity provider's JWK set; RS256, ES256 and EdDSA tokens are refused without it. */
  readonly jwks?: JWTVerifyGetKey | undefined;
  /** Required `iss`, when set. */
  readonly issuer?: string | undefined;
  /** Required `aud`, when set. */
  readonly audience?: string | undefined;
  /** Dotted path of the project claim. Default `project_id`. */
  readonly projectClaim?: string;
  /** Dotted path of the roles claim. Default `roles`. */
  readonly rolesClaim?: string;
  /** Called when the JWK set could not be fetched (the provider is down or unreachable), for the logs. */
  readonly onKeySetErrorFn?: (error: Error) => void;
  /**
   * How long a verified token is kept, in milliseconds, never past its `exp`. Default `60_000`; `0` verifies
   * every request.
   */
  readonly verifiedTokenCacheMs?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  readonly nowMsFn?: () => number;
}

/** Tokens kept at most; past it the oldest is dropped (a flood of distinct tokens cannot grow the heap). */
const MAX_CACHED_TOKENS = 10_000;

/** Turns an `Authorization` header into the `Viewer` of a request, or rejects with `UNAUTHENTICATED`. */
export type AuthenticateFn = (authorization: string | undefined) => Promise<Viewer>;

/**
 * Builds the bearer-token check of the gateway.
 *
 * A token's `alg` picks its key: `HS256` the secret (only when one is configured), `RS256` / `ES256` / `EdDSA`
 * the identity provider's JWK set (only when one is configured); every other algorithm, `alg: none` included, is
 * refused, and so is an HS256 token "signed" with a public key (key confusion), since HS256 is verified with the
 * secret alone. The token must be unexpired, match `issuer` / `audience` when set, and carry `sub` and the
 * project claim; the roles claim (an array of strings) may be absent, which makes a viewer with role `'none'`
 * that the policy table refuses everything. Rejections are `UNAUTHENTICATED` with a message that says what is
 * wrong but never echoes the token.
 */
export function createAuthenticator(options: AuthenticatorOptions): AuthenticateFn {
  const projectClaim = options.projectClaim ?? 'project_id';
  const rolesClaim = options.rolesClaim ?? 'roles';
  const algorithms = [...(options.secret ? ['HS256'] : []), ...(options.jwks ? JWKS_ALGORITHMS : [])];
  const getKey = async (header: JWTHeaderParameters, token: FlattenedJWSInput) => {
    if (header.alg === 'HS256' && options.secret) return options.secret;
    if (options.jwks) {
      try {
        return await options.jwks(header, token);
      } catch (error) {
        // jose's own errors say what is wrong with the token or the key set; anything else (connection refused,
        // DNS) means the provider could not be asked.
        if (error instanceof joseErrors.JOSEError && !(error instanceof joseErrors.JWKSTimeout)) throw error;
        options.onKeySetErrorFn?.(error instanceof Error ? error : new Error(String(error)));
        throw new joseErrors.JWKSTimeout(`The JWK set could not be fetched: ${String(error)}`);
      }
    }
    throw new joseErrors.JOSEAlgNotAllowed('"alg" (Algorithm) Header Parameter value not allowed');
  };
  const cacheMs = options.verifiedTokenCacheMs ?? 60_000;
  const nowMs = options.nowMsFn ?? Date.now;
  // Verifying a signature was the largest cost of a small request in the profile (`npm run bench`); clients send
  // the same token many times a minute. A cached viewer is dropped at its token's `exp`, so an expired token is
  // refused as before; a key removed from the identity provider's set is still honoured for up to `cacheMs`.
  const verified = new Map<string, { readonly viewer: Viewer; readonly untilMs: number }>();
  return async (authorization) => {
    if (!authorization)
      throw unauthenticated('A bearer token is required: send "Authorization: Bearer <token>".');
    const cached = verified.get(authorization);
    const now = nowMs();
    if (cached !== undefined) {
      if (now < cached.untilMs) return cached.viewer;
      verified.delete(authorization);
    }
    const viewer = await verify(authorization, now);
    if (cacheMs > 0) {
      const untilMs = Math.min(now + cacheMs, viewer.expiresAtMs);
      if (verified.size >= MAX_CACHED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(authorization, { viewer: viewer.viewer, untilMs });
    }
    return viewer.viewer;
  };

  async function verify(
    authorization: string,
    now: number,
  ): Promise<{ readonly viewer: Viewer; readonly expiresAtMs: number }> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(match[1]!, getKey, {
        currentDate: new Date(now),
        algorithms,
        ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
        ...(options.audience === undefined ? {} : { audience: options.audience }),
      }));
    } catch (error) {
      throw unauthenticated(describeVerifyError(error), error);
    }
    const sub = payload['sub'];
    if (typeof sub !== 'string' || sub === '') throw unauthenticated('The bearer token has no "sub" claim.');
    const projectId = readClaim(payload, projectClaim);
    if (typeof projectId !== 'string' || projectId === '') {
      throw unauthenticated(`The bearer token has no "${projectClaim}" claim.`);
    }
    const roles = readClaim(payload, rolesClaim) ?? [];
    if (!Array.isArray(roles) || !roles.every((role): role is string => typeof role === 'string')) {
      throw unauthenticated(`The "${rolesClaim}" claim of the bearer token must be an array of strings.`);
    }
    const role = viewerRoleOf(roles);
    const exp = payload['exp'];
    return {
      // Frozen: the cache hands the same viewer to every request of the token.
      viewer: Object.freeze({
        userId: sub,
        projectId,
        roles: Object.freeze(roles),
        role,
        isAdmin: role === 'admin',
      }),
      // A token without `exp` never expires for jose; the cache still drops it after `cacheMs`.
      expiresAtMs: typeof exp === 'number' ? exp * 1000 : Number.POSITIVE_INFINITY,
    };
  }
}

/**
 * The identity provider's JWK set at `url`, as jose keeps it: fetched on first use, cached, and fetched again
 * when a token names an unknown `kid`, at most once per `cooldownS` seconds (so a flood of made-up `kid`s cannot
 * make the gateway hammer the provider).
 */
export function remoteJwks(url: string, cooldownS: number): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(url), {
    cooldownDuration: cooldownS * 1000,
    cacheMaxAge: 10 * 60 * 1000,
    timeoutDuration: 5_000,
  });
}

function describeVerifyError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The bearer token has expired.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'The bearer token was not issued by the configured issuer.';
    if (error.claim === 'aud') return 'The bearer token is not meant for this audience.';
  }
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    return 'The bearer token is signed with a key the identity provider does not publish.';
  }
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) {
    return "The identity provider's keys could not be read.";
  }
  return 'The bearer token is not valid.';
}

function unauthenticated(message: string, cause?: unknown): GatewayError {
  return new GatewayError(ErrorCode.Unauthenticated, message, { cause });
}
