import dgram from 'node:dgram';
import { promises as dns } from 'node:dns';
import type { AddressInfo } from 'node:net';
import * as packet from 'dns-packet';
import type { ResolveHost } from '@referral/webhooks';

/**
 * A real DNS server on 127.0.0.1 (UDP), answering A and AAAA queries from a
 * table the test changes as it goes: what a rebinding attacker's name server does.
 */
export interface DnsServer {
  /** Point `name` at these addresses from now on (TTL 0: nobody caches). */
  set(name: string, addresses: string[]): void;
  /** Every question asked, as `type name`. */
  queries: string[];
  /** A resolver that asks this server only, as the engine's `resolveHost`. */
  resolveHost: ResolveHost;
  close(): Promise<void>;
}

export async function startDnsServer(): Promise<DnsServer> {
  const table = new Map<string, string[]>();
  const queries: string[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, remote) => {
    const query = packet.decode(message);
    const answers: packet.Answer[] = [];
    for (const q of query.questions ?? []) {
      queries.push(`${q.type} ${q.name}`);
      for (const address of table.get(q.name.toLowerCase()) ?? []) {
        const type = address.includes(':') ? 'AAAA' : 'A';
        if (type === q.type) answers.push({ type, name: q.name, ttl: 0, data: address });
      }
    }
    const response = packet.encode({
      type: 'response',
      id: query.id,
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE,
      questions: query.questions,
      answers,
    });
    socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;

  const resolver = new dns.Resolver({ timeout: 1000, tries: 1 });
  resolver.setServers([`127.0.0.1:${port}`]);
  const ask = (hostname: string, family: 4 | 6) =>
    (family === 4 ? resolver.resolve4(hostname) : resolver.resolve6(hostname)).then(
      (list) => list.map((address) => ({ address, family })),
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENODATA' || err.code === 'ENOTFOUND') return [];
        throw err;
      },
    );
  return {
    set: (name, addresses) => table.set(name.toLowerCase(), addresses),
    queries,
    resolveHost: async (hostname) => [...(await ask(hostname, 4)), ...(await ask(hostname, 6))],
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
