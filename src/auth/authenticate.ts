import { errors as joseErrors, jwtVerify } from 'jose';

import { ErrorCode } from '../errors/error-codes.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { Viewer } from './viewer.js';

/**
 * The viewer of a request, from its `Authorization: Bearer <JWT>` header.
 *
 * The token must be an HS256 JWT signed with `secret`, unexpired, with claims `sub` (user id), `project_id` and
 * optionally `roles` (an array of strings; `admin` makes an admin). `alg: none` and every other algorithm are
 * refused. Throws `UNAUTHENTICATED` otherwise, with a message that says what is wrong but never echoes the token.
 */
export async function authenticate(authorization: string | undefined, secret: Uint8Array): Promise<Viewer> {
  if (!authorization)
    throw unauthenticated('A bearer token is required: send "Authorization: Bearer <token>".');
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(match[1]!, secret, { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthenticated('The bearer token has expired.');
    throw unauthenticated('The bearer token is not valid.');
  }
  const { sub, project_id: projectId, roles = [] } = payload;
  if (typeof sub !== 'string' || sub === '') throw unauthenticated('The bearer token has no "sub" claim.');
  if (typeof projectId !== 'string' || projectId === '') {
    throw unauthenticated('The bearer token has no "project_id" claim.');
  }
  if (!Array.isArray(roles) || !roles.every((role): role is string => typeof role === 'string')) {
    throw unauthenticated('The "roles" claim of the bearer token must be an array of strings.');
  }
  return { userId: sub, projectId, roles, isAdmin: roles.includes('admin') };
}

function unauthenticated(message: string): GatewayError {
  return new GatewayError(ErrorCode.Unauthenticated, message);
}
