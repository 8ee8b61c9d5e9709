import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitFor } from '@referral/testing';
import { freePort } from './free-port';

/** Debian's haproxy (`apt-get install haproxy`); `HAPROXY_PATH` overrides. */
const HAPROXY = process.env.HAPROXY_PATH ?? '/usr/sbin/haproxy';

export interface Backend {
  name: string;
  port: number;
}

export interface BackendServer {
  name: string;
  /** UP, DOWN, or a transition (`UP 1/2`, …). */
  status: string;
  /** Responses with a 2xx status it relayed from this server. */
  responses2xx: number;
  /** Times its health check took it out (UP to DOWN). */
  downs: number;
}

export interface LoadBalancer {
  url: string;
  /** HAProxy's own statistics of each backend server. */
  servers(): Promise<BackendServer[]>;
  stop(): Promise<void>;
}

/**
 * A real HAProxy on 127.0.0.1 in front of `backends`, in the foreground with
 * a private configuration: round robin, health checks on `healthPath`. A
 * request whose connection a server refused (it died) goes to another; a
 * request a server received is never sent twice (`retry-on conn-failure`):
 * the balancer must not turn one POST into two events.
 */
export async function startHaproxy(
  backends: Backend[],
  options: { healthPath: string },
): Promise<LoadBalancer> {
  const [port, statsPort] = [await freePort(), await freePort()];
  const dir = await mkdtemp(path.join(os.tmpdir(), 'haproxy-'));
  const config = path.join(dir, 'haproxy.cfg');
  await writeFile(
    config,
    `global
  maxconn 4096

defaults
  mode http
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  timeout queue 10s
  # A readiness answer waits for a pooled Postgres connection: slow under load is not down.
  timeout check 3s
  retries 2
  option redispatch
  retry-on conn-failure

frontend api
  bind 127.0.0.1:${port}
  default_backend apis

backend apis
  balance roundrobin
  option httpchk GET ${options.healthPath}
  http-check expect status 200
  default-server inter 500ms fall 3 rise 2
${backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check`).join('\n')}

listen stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /stats
`,
  );
  const child = spawn(HAPROXY, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (err) => {
      output += `\n${err.message} (apt-get install haproxy, or set HAPROXY_PATH)`;
      resolve();
    });
  }).then(() => {
    gone = true;
  });

  const servers = async (): Promise<BackendServer[]> => {
    const text = await (await fetch(`http://127.0.0.1:${statsPort}/stats;csv`)).text();
    const [header, ...lines] = text.trim().split('\n');
    const columns = header!.replace(/^# /, '').split(',');
    return lines
      .map((line) => Object.fromEntries(line.split(',').map((v, i) => [columns[i], v])))
      .filter((row) => row.pxname === 'apis' && !['FRONTEND', 'BACKEND'].includes(row.svname!))
      .map((row) => ({
        name: row.svname!,
        status: row.status!,
        responses2xx: Number(row.hrsp_2xx),
        downs: Number(row.chkdown),
      }));
  };
  const stop = async () => {
    if (!gone) child.kill('SIGTERM');
    await exited;
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitFor(
      async () => {
        if (gone) throw new Error(`haproxy exited:\n${output}`);
        const all = await servers().catch(() => []);
        return all.length === backends.length && all.every((s) => s.status === 'UP');
      },
      { what: 'haproxy to find every backend up', timeoutMs: 20_000, intervalMs: 100 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, servers, stop };
}
