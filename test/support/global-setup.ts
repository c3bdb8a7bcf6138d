import { ensureTemplate } from './mariadb-server.js';

/** Builds the MariaDB template data directory once per run, before any test file starts a server. */
export default function setup(): void {
  ensureTemplate();
}
