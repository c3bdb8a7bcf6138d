import mysql from 'mysql2';

/**
 * Sends `KILL <threadId>` on a fresh connection, so a live server stops the work of a connection the pool
 * abandoned; resolves when that is done or has failed, never rejects, and never takes longer than `timeoutMs`.
 *
 * A frozen server accepts the TCP connect and never answers: the connect timeout of `options` fails the connect,
 * and `timeoutMs` covers a server that froze after it. KILL of a thread that already ended fails with "Unknown
 * thread id": that is fine.
 */
export function killThread(
  options: mysql.ConnectionOptions,
  threadId: number,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve) => {
    const control = mysql.createConnection({ ...options });
    let isFinished = false;
    const finish = () => {
      if (isFinished) return;
      isFinished = true;
      clearTimeout(timer);
      control.destroy();
      resolve();
    };
    const timer = setTimeout(finish, timeoutMs);
    timer.unref();
    control.on('error', finish);
    control.query(`KILL ${Number(threadId)}`, finish);
  });
}
