import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);
const PG_ROOT = '/usr/lib/postgresql';

/**
 * A PostgreSQL cluster of a test's own (initdb in a temporary directory, on a
 * free loopback port): the shared server (DATABASE_URL) serves other test
 * files and must never be stopped. `stop` and `start` keep the port and the
 * data, as a restarted database server would.
 */
export interface PrivatePostgres {
  /** Server URL (database `postgres`); services create their own database in it. */
  url: string;
  port: number;
  /** `pg_ctl stop`: `fast` ends every session and checkpoints, `immediate` is a crash. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stop it and delete its directory. */
  cleanup(): Promise<void>;
}

/** PG_BIN, else the newest /usr/lib/postgresql/<version>/bin with initdb (Debian's layout). */
export function postgresBinDir(): string {
  const candidates = process.env.PG_BIN
    ? [process.env.PG_BIN]
    : fs.existsSync(PG_ROOT)
      ? fs
          .readdirSync(PG_ROOT)
          .sort((a, b) => Number(b) - Number(a))
          .map((version) => path.join(PG_ROOT, version, 'bin'))
      : [];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      `PostgreSQL server binaries (initdb, pg_ctl) not found in ${process.env.PG_BIN ?? `${PG_ROOT}/*/bin`}: ` +
        'these tests run a cluster of their own (Debian: apt-get install -y postgresql; or set PG_BIN).',
    );
  }
  return found;
}

/** Postgres refuses to run as root: as root, its tools run as the `postgres` user. */
function asServerUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const [uid, gid] = [id('-u'), id('-g')];
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error('running as root needs a `postgres` user to own the private cluster');
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const owner = asServerUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'private-pg-'));
  const data = path.join(dir, 'data');
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const port = await freePort();
  const pgTool = (tool: string, args: string[]) =>
    run(path.join(bin, tool), args, {
      ...(owner ? { uid: owner.uid, gid: owner.gid } : {}),
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', LANG: 'C' },
    });

  const start = async () => {
    // Loopback only; the socket in our own directory; no fsync: throwaway data.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
    await pgTool('pg_ctl', [
      'start',
      '-w',
      '-t',
      '30',
      '-D',
      data,
      '-l',
      `${dir}/log`,
      '-o',
      options,
    ]);
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    await pgTool('pg_ctl', ['stop', '-w', '-t', '30', '-D', data, '-m', mode]);
  };

  try {
    await pgTool('initdb', [
      '-D',
      data,
      '--auth=trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    await start();
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop,
    start,
    async cleanup() {
      await stop('immediate').catch(() => undefined);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
