import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** What an address is, as far as telling a location goes. */
export type AddressClass =
  | { kind: 'local' } // loopback, private, CGNAT, link-local, ULA: "local network"
  | { kind: 'special' } // unspecified, multicast, documentation, reserved...: nothing to tell
  | { kind: 'public'; family: 4 | 6; address: string }
  | { kind: 'invalid' };

const local = new BlockList();
local.addSubnet('127.0.0.0', 8, 'ipv4'); // loopback
local.addSubnet('10.0.0.0', 8, 'ipv4'); // RFC 1918
local.addSubnet('172.16.0.0', 12, 'ipv4'); // RFC 1918
local.addSubnet('192.168.0.0', 16, 'ipv4'); // RFC 1918
local.addSubnet('100.64.0.0', 10, 'ipv4'); // RFC 6598 carrier-grade NAT
local.addSubnet('169.254.0.0', 16, 'ipv4'); // link-local
local.addSubnet('::1', 128, 'ipv6'); // loopback
local.addSubnet('fc00::', 7, 'ipv6'); // unique local (ULA)
local.addSubnet('fe80::', 10, 'ipv6'); // link-local
local.addSubnet('fec0::', 10, 'ipv6'); // deprecated site-local

const special = new BlockList();
special.addSubnet('0.0.0.0', 8, 'ipv4'); // "this network", unspecified
special.addSubnet('192.0.0.0', 24, 'ipv4'); // IETF protocol assignments
special.addSubnet('192.0.2.0', 24, 'ipv4'); // TEST-NET-1
special.addSubnet('198.18.0.0', 15, 'ipv4'); // benchmarking
special.addSubnet('198.51.100.0', 24, 'ipv4'); // TEST-NET-2
special.addSubnet('203.0.113.0', 24, 'ipv4'); // TEST-NET-3
special.addSubnet('224.0.0.0', 4, 'ipv4'); // multicast
special.addSubnet('240.0.0.0', 4, 'ipv4'); // reserved + broadcast
special.addSubnet('::', 128, 'ipv6'); // unspecified
special.addSubnet('ff00::', 8, 'ipv6'); // multicast
special.addSubnet('2001:db8::', 32, 'ipv6'); // documentation
special.addSubnet('100::', 64, 'ipv6'); // discard-only

/**
 * Strips what commonly wraps an address in logs and headers: spaces, IPv6 brackets and zone ids,
 * an IPv4 port ("1.2.3.4:5678") or a bracketed IPv6 one ("[::1]:443").
 */
export function normalizeAddress(input: string): string {
  let text = input.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const zone = text.indexOf('%');
  if (zone >= 0 && text.includes(':')) text = text.slice(0, zone);
  return text.toLowerCase();
}

/** The IPv4 address carried by an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 one. */
export function embeddedIPv4(v6: string): string | undefined {
  const words = expandIPv6(v6);
  if (!words) return undefined;
  const tail = `${words[6] >> 8}.${words[6] & 0xff}.${words[7] >> 8}.${words[7] & 0xff}`;
  const zeros = (from: number, to: number) => words.slice(from, to).every((w) => w === 0);
  if (zeros(0, 5) && words[5] === 0xffff) return tail; // IPv4-mapped
  if (words[0] === 0x64 && words[1] === 0xff9b && zeros(2, 6)) return tail; // NAT64 well-known prefix
  return undefined;
}

/** The eight 16-bit words of an IPv6 address (dotted IPv4 tail allowed), or undefined if it is not one. */
function expandIPv6(v6: string): number[] | undefined {
  if (!isIPv6(v6)) return undefined;
  let text = v6;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map((w) => parseInt(w, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  const fill = tail === undefined ? [] : new Array<number>(8 - left.length - right.length).fill(0);
  const words = [...left, ...fill, ...right];
  return words.length === 8 ? words : undefined;
}

/** Classifies a presenter address: local network, nothing to tell, public (to look up) or not an address. */
export function classifyAddress(input: string): AddressClass {
  if (typeof input !== 'string' || input.length > 100) return { kind: 'invalid' };
  let address = normalizeAddress(input);
  let family: 4 | 6;
  if (isIPv4(address)) family = 4;
  else if (isIPv6(address)) {
    const v4 = embeddedIPv4(address);
    if (v4) {
      address = v4;
      family = 4;
    } else family = 6;
  } else return { kind: 'invalid' };
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (local.check(address, type)) return { kind: 'local' };
  if (special.check(address, type)) return { kind: 'special' };
  return { kind: 'public', family, address };
}
