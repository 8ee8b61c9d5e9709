import { BlockList, isIP } from 'node:net';

// Loopback, private, link-local, CGNAT, multicast and reserved ranges: a
// subscription URL pointing there could reach the platform's own network.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d.
  ['::', 96],
  ['64:ff9b:1::', 48],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

// IPv6 prefixes that carry an IPv4 address a gateway may forward to: IPv4-mapped
// (::ffff:0:0/96, which BlockList checks against the IPv4 rules itself), NAT64
// (64:ff9b::/96) and 6to4 (2002::/16).
const NAT64 = new BlockList();
NAT64.addSubnet('64:ff9b::', 96, 'ipv6');
const SIX_TO_FOUR = new BlockList();
SIX_TO_FOUR.addSubnet('2002::', 16, 'ipv6');

/** True for addresses a webhook must not reach unless private URLs are allowed. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return false;
  if (blocked.check(address, 'ipv6')) return true;
  const words = ipv6Words(address);
  if (NAT64.check(address, 'ipv6')) return blocked.check(ipv4Of(words[6]!, words[7]!), 'ipv4');
  if (SIX_TO_FOUR.check(address, 'ipv6'))
    return blocked.check(ipv4Of(words[1]!, words[2]!), 'ipv4');
  return false;
}

/** The eight 16-bit words of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Words(address: string): number[] {
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const hex = dotted
    ? address.slice(0, dotted.index) +
      [
        ((+dotted[1]! << 8) | +dotted[2]!).toString(16),
        ((+dotted[3]! << 8) | +dotted[4]!).toString(16),
      ].join(':')
    : address;
  const [head, tail] = hex.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(tail ?? '');
  const gap = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...gap, ...right];
}

const ipv4Of = (high: number, low: number) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
