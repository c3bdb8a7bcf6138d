/** Nova's instance fault: what went wrong the last time an operation on a server failed. */
export interface InstanceFault {
  readonly code: number;
  readonly message: string;
  /** A traceback or explanation; shown to admins only. */
  readonly details: string | null;
  readonly created: Date;
}
