/**
 * A short description of why a cell did not answer, safe to show to admins: no hostnames, ports, SQL or
 * credentials, only the kind of failure (and MySQL's error code).
 */
export function describeCellError(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
    case 'PROTOCOL_CONNECTION_LOST':
    case 'EPIPE':
      return 'connection lost';
    case 'ETIMEDOUT':
      return 'connect timed out';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    case undefined:
      break;
    default:
      if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `database error ${code}`;
  }
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return 'query failed';
}
