import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';

import { authenticate } from '../../../src/auth/authenticate.js';
import { secretKey, signToken } from '../../../src/auth/sign-token.js';

const secret = secretKey('unit-test-secret-0123456789');

describe('authenticate', () => {
  it('reads user, project and roles of a valid HS256 token', async () => {
    const token = await signToken({ userId: 'u1', projectId: 'p1', isAdmin: true }, secret);
    expect(await authenticate(`Bearer ${token}`, secret)).toEqual({
      userId: 'u1',
      projectId: 'p1',
      roles: ['admin', 'member'],
      isAdmin: true,
    });
  });

  it.each([
    ['no header', undefined, 'A bearer token is required: send "Authorization: Bearer <token>".'],
    ['another scheme', 'Basic abc', 'The Authorization header must be "Bearer <token>".'],
    ['garbage', 'Bearer not-a-jwt', 'The bearer token is not valid.'],
  ])('refuses %s with UNAUTHENTICATED', async (_name, header, message) => {
    await expect(authenticate(header, secret)).rejects.toMatchObject({
      message,
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('refuses alg none, other algorithms, other secrets and expired tokens', async () => {
    const none = new UnsecuredJWT({ project_id: 'p', roles: ['admin'] }).setSubject('u').encode();
    const hs512 = await new SignJWT({ project_id: 'p' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .sign(secret);
    const otherSecret = await signToken(
      { userId: 'u', projectId: 'p', isAdmin: true },
      secretKey('another-secret-0123456789'),
    );
    const expired = await new SignJWT({ project_id: 'p' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    for (const token of [none, hs512, otherSecret]) {
      await expect(authenticate(`Bearer ${token}`, secret)).rejects.toMatchObject({
        message: 'The bearer token is not valid.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    await expect(authenticate(`Bearer ${expired}`, secret)).rejects.toMatchObject({
      message: 'The bearer token has expired.',
    });
  });

  it('requires sub and project_id claims and an array of string roles', async () => {
    const noProject = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(secret);
    const badRoles = await new SignJWT({ project_id: 'p', roles: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .sign(secret);
    await expect(authenticate(`Bearer ${noProject}`, secret)).rejects.toMatchObject({
      message: 'The bearer token has no "project_id" claim.',
    });
    await expect(authenticate(`Bearer ${badRoles}`, secret)).rejects.toMatchObject({
      message: 'The "roles" claim of the bearer token must be an array of strings.',
    });
  });
});
