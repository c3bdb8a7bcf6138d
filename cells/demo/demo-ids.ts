import { createHash } from 'node:crypto';

/**
 * A deterministic UUID (version 5 layout, SHA-1 of `name`): the demo seed derives every id from a name such as
 * `cellgate-demo:cell1:demo:server:3`, so running the seed again finds the same rows and adds nothing.
 */
export function demoUuid(name: string): string {
  const bytes = createHash('sha1').update(`cellgate-demo:${name}`).digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
