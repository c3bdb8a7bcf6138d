/**
 * The simulated hypervisor and share driver of the demo topology: what "booting a server" and "creating a share"
 * do in cellgate's cells. Their behaviour is driven by the catalogue (image properties) and the backends'
 * configuration and capabilities, never by the request's free text.
 */

/** The image property that makes the simulated hypervisor fail to boot an image (`cirros-broken`). */
export const SIMULATE_PROPERTY = 'cellgate:simulate';

/** What booting an image does. */
export type BootResult =
  | { readonly status: 'booted' }
  | { readonly status: 'failed'; readonly message: string; readonly details: string };

/** Boots a server on `host`: fails when the image says so (`cellgate:simulate: boot-failure`). */
export function bootServer(input: {
  readonly serverId: string;
  readonly host: string;
  readonly imageName: string | null;
  readonly imageProperties: Readonly<Record<string, unknown>>;
}): BootResult {
  if (input.imageProperties[SIMULATE_PROPERTY] !== 'boot-failure') return { status: 'booted' };
  const image = input.imageName ?? 'the image';
  return {
    status: 'failed',
    message: `Build of instance ${input.serverId} aborted: Failed to boot image ${image} on ${input.host}.`,
    details: [
      'Traceback (most recent call last):',
      `  File "cellgate/simulated-hypervisor", in spawn: boot ${input.serverId} on ${input.host}`,
      `InstanceBootFailure: the guest of image ${image} did not reach the running state.`,
    ].join('\n'),
  };
}

/** The export location of a share on a backend whose current configuration exports from `exportHost`. */
export function exportLocation(shareProto: string, exportHost: string, shareId: string): string {
  return shareProto === 'CIFS' ? `\\\\${exportHost}\\${shareId}` : `${exportHost}:/shares/${shareId}`;
}

/** The export host of a backend's configuration, or a fallback derived from its host name. */
export function exportHostOf(configuration: Readonly<Record<string, unknown>>, backendHost: string): string {
  const configured = configuration['export_host'];
  return typeof configured === 'string' && configured !== '' ? configured : backendHost.split('@')[0]!;
}

/** Waits `ms` (the simulated duration of a driver step). */
export function driverDelay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
