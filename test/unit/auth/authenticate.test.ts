import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { describe, expect, it } from 'vitest';

import { createAuthenticator } from '../../../src/auth/authenticate.js';
import { secretKey, signToken } from '../../../src/auth/sign-token.js';

const secret = secretKey('unit-test-secret-0123456789');
const hs256 = createAuthenticator({ secret });

describe('authenticate (HS256)', () => {
  it('reads user, project and roles of a valid HS256 token', async () => {
    const token = await signToken({ userId: 'u1', projectId: 'p1', role: 'admin' }, secret);
    expect(await hs256(`Bearer ${token}`)).toEqual({
      userId: 'u1',
      projectId: 'p1',
      roles: ['admin', 'member', 'reader'],
      role: 'admin',
      isAdmin: true,
    });
  });

  it.each([
    ['no header', undefined, 'A bearer token is required: send "Authorization: Bearer <token>".'],
    ['another scheme', 'Basic abc', 'The Authorization header must be "Bearer <token>".'],
    ['garbage', 'Bearer not-a-jwt', 'The bearer token is not valid.'],
  ])('refuses %s with UNAUTHENTICATED', async (_name, header, message) => {
    await expect(hs256(header)).rejects.toMatchObject({ message, extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses alg none, other algorithms, other secrets and expired tokens', async () => {
    const none = new UnsecuredJWT({ project_id: 'p', roles: ['admin'] }).setSubject('u').encode();
    const hs512 = await new SignJWT({ project_id: 'p' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .sign(secret);
    const otherSecret = await signToken(
      { userId: 'u', projectId: 'p', role: 'admin' },
      secretKey('another-secret-0123456789'),
    );
    const expired = await new SignJWT({ project_id: 'p' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(secret);
    for (const token of [none, hs512, otherSecret]) {
      await expect(hs256(`Bearer ${token}`)).rejects.toMatchObject({
        message: 'The bearer token is not valid.',
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    await expect(hs256(`Bearer ${expired}`)).rejects.toMatchObject({
      message: 'The bearer token has expired.',
    });
  });

  it('requires sub and the project claim, and reads roles as an array of strings (absent: no role)', async () => {
    const sign = (payload: JWTPayload) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(secret);
    await expect(hs256(`Bearer ${await sign({})}`)).rejects.toMatchObject({
      message: 'The bearer token has no "project_id" claim.',
    });
    await expect(hs256(`Bearer ${await sign({ project_id: 'p', roles: 'admin' })}`)).rejects.toMatchObject({
      message: 'The "roles" claim of the bearer token must be an array of strings.',
    });
    expect(await hs256(`Bearer ${await sign({ project_id: 'p' })}`)).toMatchObject({
      roles: [],
      role: 'none',
    });
    expect(await hs256(`Bearer ${await sign({ project_id: 'p', roles: ['foo'] })}`)).toMatchObject({
      role: 'none',
      isAdmin: false,
    });
    expect(await hs256(`Bearer ${await sign({ project_id: 'p', roles: ['reader'] })}`)).toMatchObject({
      role: 'reader',
    });
  });

  it('refuses HS256 altogether when no secret is configured', async () => {
    const { publicKey } = await generateKeyPair('RS256');
    const jwksOnly = createAuthenticator({ jwks: createLocalJWKSet({ keys: [await exportJWK(publicKey)] }) });
    const token = await signToken({ userId: 'u', projectId: 'p', role: 'admin' }, secret);
    await expect(jwksOnly(`Bearer ${token}`)).rejects.toMatchObject({
      message: 'The bearer token is not valid.',
    });
  });
});

describe('authenticate (JWK set)', () => {
  it('reads nested claims by dotted path, checks issuer and audience', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
    const authenticate = createAuthenticator({
      jwks: createLocalJWKSet({ keys: [jwk] }),
      issuer: 'https://idp.test/realms/cloud',
      audience: 'cellgate',
      projectClaim: 'project.id',
      rolesClaim: 'realm_access.roles',
    });
    const sign = (issuer: string, audience: string) =>
      new SignJWT({ project: { id: 'p1' }, realm_access: { roles: ['member', 'offline_access'] } })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('u1')
        .setIssuer(issuer)
        .setAudience(audience)
        .setExpirationTime('5m')
        .sign(privateKey);
    expect(await authenticate(`Bearer ${await sign('https://idp.test/realms/cloud', 'cellgate')}`)).toEqual({
      userId: 'u1',
      projectId: 'p1',
      roles: ['member', 'offline_access'],
      role: 'member',
      isAdmin: false,
    });
    await expect(authenticate(`Bearer ${await sign('https://evil.test', 'cellgate')}`)).rejects.toMatchObject(
      {
        message: 'The bearer token was not issued by the configured issuer.',
      },
    );
    await expect(
      authenticate(`Bearer ${await sign('https://idp.test/realms/cloud', 'other')}`),
    ).rejects.toMatchObject({ message: 'The bearer token is not meant for this audience.' });
  });

  it('says the provider could not be asked when its key set cannot be fetched', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const logged: Error[] = [];
    const unreachable = createAuthenticator({
      jwks: () => Promise.reject(new TypeError('fetch failed')),
      onKeySetErrorFn: (error) => logged.push(error),
    });
    const token = await new SignJWT({ project_id: 'p' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k' })
      .setSubject('u')
      .sign(privateKey);
    await expect(unreachable(`Bearer ${token}`)).rejects.toMatchObject({
      message: "The identity provider's keys could not be read.",
      extensions: { code: 'UNAUTHENTICATED' },
    });
    expect(logged.map((error) => error.message)).toEqual(['fetch failed']);
  });
});

describe('authenticate (verified-token cache)', () => {
  /** A JWK set that counts how often a signature is checked against it. */
  async function countingKeySet() {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const keySet = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256' }] });
    const counter = { lookups: 0 };
    const jwks: JWTVerifyGetKey = (header, token) => {
      counter.lookups += 1;
      return keySet(header, token);
    };
    const sign = (expSeconds: number) =>
      new SignJWT({ project_id: 'p1', roles: ['member'] })
        .setProtectedHeader({ alg: 'ES256' })
        .setSubject('u1')
        .setExpirationTime(expSeconds)
        .sign(privateKey);
    return { jwks, counter, sign };
  }

  it('verifies a token once and answers from the cache until the cache time passes', async () => {
    const { jwks, counter, sign } = await countingKeySet();
    let now = Date.UTC(2026, 0, 1);
    const authenticate = createAuthenticator({ jwks, verifiedTokenCacheMs: 60_000, nowMsFn: () => now });
    const token = await sign(now / 1000 + 3600);

    const first = await authenticate(`Bearer ${token}`);
    now += 59_000;
    const second = await authenticate(`Bearer ${token}`);
    now += 2_000;
    await authenticate(`Bearer ${token}`);

    expect(second).toEqual(first);
    expect(counter.lookups).toBe(2);
  });

  it('never answers from the cache past the token expiry', async () => {
    const { jwks, sign } = await countingKeySet();
    let now = Date.UTC(2026, 0, 1);
    const authenticate = createAuthenticator({ jwks, verifiedTokenCacheMs: 60_000, nowMsFn: () => now });
    const token = await sign(now / 1000 + 10);

    await authenticate(`Bearer ${token}`);
    now += 10_000;

    await expect(authenticate(`Bearer ${token}`)).rejects.toMatchObject({
      message: 'The bearer token has expired.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('verifies every request when the cache is off', async () => {
    const { jwks, counter, sign } = await countingKeySet();
    const authenticate = createAuthenticator({ jwks, verifiedTokenCacheMs: 0 });
    const token = await sign(Math.floor(Date.now() / 1000) + 3600);

    await authenticate(`Bearer ${token}`);
    await authenticate(`Bearer ${token}`);

    expect(counter.lookups).toBe(2);
  });
});
