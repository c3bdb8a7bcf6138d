/** The uuid of cell0, the cell of requests that no host could take (Nova's `CellMapping.CELL0_UUID`). */
export const CELL0_UUID = '00000000-0000-0000-0000-000000000000';
/** The reserved name of cell0. */
export const CELL0_NAME = 'cell0';

/** A registered cell: its identity and where its database is. */
export interface CellMapping {
  readonly id: number;
  readonly uuid: string;
  readonly name: string;
  readonly databaseUrl: string;
  /** The availability zone of the cell's hosts; cell0 has none. */
  readonly availabilityZone: string | null;
  /** A disabled cell is still listed and queried, but never chosen for new resources. */
  readonly isDisabled: boolean;
}

/** Whether `cell` is cell0. */
export function isCell0(cell: CellMapping): boolean {
  return cell.uuid === CELL0_UUID;
}
