// Scratch: load the gateway in-process under --cpu-prof.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startTopology } from '../test/support/topology.js';

const AUTOCANNON = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const topology = await startTopology({ serversPerCell: 60 });
const query = `{ servers(allProjects: true, first: 100) {
    nodes { id name status created projectId availabilityZone flavor { name vcpus ram } image { id name } fault { code message } }
    pageInfo { hasNextPage endCursor } partial } }`;
const run = (d: number) =>
  new Promise<string>((resolve) => {
    const child = spawn(process.execPath, [AUTOCANNON, '-j', '-c', '10', '-d', String(d), '-m', 'POST', '-H', 'content-type=application/json', '-H', `authorization=Bearer ${topology.tokens.admin}`, '-b', JSON.stringify({ query }), `${topology.baseUrl}/graphql`], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.on('close', () => resolve(out));
  });
await run(3);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const r = JSON.parse(await run(Number(process.env.D ?? 8)));
const { profile } = await session.post('Profiler.stop');
writeFileSync(process.env.PROF ?? '/tmp/sp/gw.cpuprofile', JSON.stringify(profile));
console.log('req/s', r.requests.average, 'p50', r.latency.p50, 'errors', r.errors, r.non2xx);
await topology.stop();
