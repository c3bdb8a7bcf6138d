import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
  base64url,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  SignJWT,
  UnsecuredJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTopology, waitFor, type Gateway, type Topology } from '../support/topology.js';

const ISSUER = 'https://idp.cellgate.test/realms/cloud';
const AUDIENCE = 'cellgate';

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256' | 'EdDSA';
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, alg, privateKey, publicKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** A Keycloak-style identity provider's JWK set endpoint on 127.0.0.1 whose keys a test can rotate. */
class JwksServer {
  keys: SigningKey[] = [];
  fetches = 0;
  readonly server: Server = createServer((_request, response) => {
    this.fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ keys: this.keys.map((key) => key.jwk) }));
  });
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/realms/cloud/protocol/openid-connect/certs`;
  }
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A token as Keycloak shapes it: the project in `project_id`, the roles in `realm_access.roles`. */
function idpToken(
  key: SigningKey,
  roles: string[],
  overrides: { iss?: string; aud?: string; exp?: number } = {},
) {
  const payload: JWTPayload = { project_id: 'demo', realm_access: { roles: [...roles, 'offline_access'] } };
  return new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setSubject('demo-user')
    .setIssuer(overrides.iss ?? ISSUER)
    .setAudience(overrides.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(overrides.exp ?? Math.floor(Date.now() / 1000) + 300)
    .sign(key.privateKey);
}

const FLAVORS = '{ flavors { name } }';
const CREATE_NETWORK =
  'mutation { createShareNetwork(input: { neutronNetId: "n", neutronSubnetId: "s" }) { projectId } }';

/** Tokens of an OIDC identity provider (JWKS on loopback), verified by a gateway with AUTH_JWKS_URL. */
describe('identity provider (AUTH_JWKS_URL)', () => {
  let topology: Topology;
  let gateway: Gateway;
  const idp = new JwksServer();
  const keys: Record<string, SigningKey> = {};

  beforeAll(async () => {
    keys['rsa'] = await signingKey('rsa-1', 'RS256');
    keys['ec'] = await signingKey('ec-1', 'ES256');
    keys['ed'] = await signingKey('ed-1', 'EdDSA');
    idp.keys = [keys['rsa'], keys['ec'], keys['ed']];
    const jwksUrl = await idp.start();
    topology = await startTopology({ cells: ['cell1'], serversPerCell: 1 });
    gateway = await topology.startGateway({
      AUTH_JWKS_URL: jwksUrl,
      AUTH_JWT_SECRET: '',
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_ROLES_CLAIM: 'realm_access.roles',
      AUTH_JWKS_COOLDOWN_S: '1',
    });
  });

  afterAll(async () => {
    await topology?.stop();
    await idp.stop();
  });

  it.each(['rsa', 'ec', 'ed'])('accepts a good %s token and reads the nested roles claim', async (name) => {
    const answer = await gateway.graphql(CREATE_NETWORK, {}, await idpToken(keys[name]!, ['member']));
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ createShareNetwork: { projectId: 'demo' } });
  });

  it('refuses each bad token with 401 UNAUTHENTICATED', async () => {
    const rsa = keys['rsa']!;
    const stranger = await signingKey('rsa-1', 'RS256'); // the provider's kid, another key
    const unknownKid = await signingKey('nobody', 'ES256');
    // Key confusion: HS256 "signed" with the provider's public key, as a naive verifier would check it.
    const publicPem = await exportSPKI(rsa.publicKey);
    const confused = await new SignJWT({ project_id: 'demo', realm_access: { roles: ['admin'] } })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .setSubject('demo-user')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(publicPem));
    const confusedJwk = await new SignJWT({ project_id: 'demo', realm_access: { roles: ['admin'] } })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .setSubject('demo-user')
      .setExpirationTime('5m')
      .sign(base64url.decode(base64url.encode(JSON.stringify(rsa.jwk))));
    const none = new UnsecuredJWT({ project_id: 'demo', realm_access: { roles: ['admin'] } })
      .setSubject('demo-user')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .encode();
    const cases: [string, string, string][] = [
      [
        'wrong audience',
        await idpToken(rsa, ['admin'], { aud: 'someone-else' }),
        'The bearer token is not meant for this audience.',
      ],
      [
        'wrong issuer',
        await idpToken(rsa, ['admin'], { iss: 'https://evil.test' }),
        'The bearer token was not issued by the configured issuer.',
      ],
      [
        'expired',
        await idpToken(rsa, ['admin'], { exp: Math.floor(Date.now() / 1000) - 120 }),
        'The bearer token has expired.',
      ],
      [
        'unknown key',
        await idpToken(unknownKid, ['admin']),
        'The bearer token is signed with a key the identity provider does not publish.',
      ],
      ['known kid, other key', await idpToken(stranger, ['admin']), 'The bearer token is not valid.'],
      ['HS256 with the public key (PEM)', confused, 'The bearer token is not valid.'],
      ['HS256 with the public key (JWK)', confusedJwk, 'The bearer token is not valid.'],
      ['alg none', none, 'The bearer token is not valid.'],
      ['an HS256 token of the test topology', topology.tokens.admin, 'The bearer token is not valid.'],
    ];
    for (const [name, token, message] of cases) {
      const answer = await gateway.graphql(FLAVORS, {}, token);
      expect({ name, status: answer.status, body: answer.body }).toEqual({
        name,
        status: 401,
        body: {
          errors: [{ message, extensions: { code: 'UNAUTHENTICATED' } }],
          extensions: { requestId: answer.headers.get('x-request-id') },
        },
      });
    }
  });

  it('picks up a rotated key (a new kid) once the cooldown has passed, without a restart', async () => {
    const rotated = await signingKey('rsa-2', 'RS256');
    const token = await idpToken(rotated, ['reader']);
    expect((await gateway.graphql(FLAVORS, {}, token)).status).toBe(401);
    idp.keys = [...idp.keys, rotated];
    const answer = await waitFor(
      async () => {
        const attempt = await gateway.graphql<{ flavors: unknown[] }>(FLAVORS, {}, token);
        return attempt.status === 200 ? attempt : undefined;
      },
      15_000,
      'the rotated key to be accepted',
    );
    expect(answer.body.data?.flavors).toHaveLength(3);
  });

  it('does not fetch the key set for every unknown kid (cooldown)', async () => {
    const before = idp.fetches;
    const tokens = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        idpToken(await signingKey(`made-up-${i}`, 'ES256'), ['admin']),
      ),
    );
    for (const token of tokens) expect((await gateway.graphql(FLAVORS, {}, token)).status).toBe(401);
    expect(idp.fetches - before).toBeLessThanOrEqual(3);
  });

  it('applies the roles of the provider: reader reads, no known role is FORBIDDEN', async () => {
    const reader = await idpToken(keys['ec']!, ['reader']);
    expect((await gateway.graphql(FLAVORS, {}, reader)).body.data).toEqual({
      flavors: [{ name: 'm1.huge' }, { name: 'm1.small' }, { name: 'm1.tiny' }],
    });
    const write = await gateway.graphql(CREATE_NETWORK, {}, reader);
    expect(write.body).toEqual({
      data: null,
      errors: [
        {
          message:
            'The reader role may only read: the mutation "createShareNetwork" needs the member or admin role.',
          locations: [{ line: 1, column: 12 }],
          path: ['createShareNetwork'],
          extensions: { code: 'FORBIDDEN' },
        },
      ],
      extensions: { requestId: write.headers.get('x-request-id') },
    });
    const nobody = await gateway.graphql(FLAVORS, {}, await idpToken(keys['ed']!, []));
    expect(nobody.body.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(nobody.body.data).toBeNull();
  });
});
