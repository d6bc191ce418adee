import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { badField } from '../shared/text';

/** The longest avatar URL kept (the column's length). */
export const AVATAR_URL_MAX = 2048;

/**
 * Addresses that are not one public host. IPv4: this network, private networks, shared carrier NAT,
 * loopback, link-local (cloud metadata at 169.254.169.254), IETF assignments, documentation,
 * benchmarking, multicast, reserved and broadcast. IPv6: only global unicast (2000::/3) is public, less
 * the IETF's special assignments (Teredo and others), documentation and 6to4 (an IPv4 address inside);
 * loopback, unspecified, IPv4-mapped, NAT64, unique-local, link- and site-local and multicast all lie
 * outside it.
 */
const NOT_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15],
  ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) NOT_PUBLIC.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [['2001::', 23], ['2001:db8::', 32], ['2002::', 16], ['3fff::', 20]] as const) {
  NOT_PUBLIC.addSubnet(network, prefix, 'ipv6');
}
const IPV6_GLOBAL_UNICAST = new BlockList();
IPV6_GLOBAL_UNICAST.addSubnet('2000::', 3, 'ipv6');

function isPublicAddress(address: string): boolean {
  if (isIPv4(address)) return !NOT_PUBLIC.check(address, 'ipv4');
  return isIPv6(address) && IPV6_GLOBAL_UNICAST.check(address, 'ipv6') && !NOT_PUBLIC.check(address, 'ipv6');
}

/** Names that lead to this host or a local network, whatever DNS says (RFC 6761, 6762, 8375, ICANN's .internal). */
const LOCAL_NAMES = /(^|\.)(localhost|localdomain|local|internal|lan|intranet|home\.arpa)$/;

/**
 * An avatar URL as kept (the URL parser's form) or null: https on the default port, no user or
 * password, a host that is a public address or a domain name of two labels or more outside the local
 * ones, at most AVATAR_URL_MAX characters. BAD_USER_INPUT on `avatarUrl` otherwise. (What a name
 * resolves to is not looked up: the api never fetches the picture; browsers do.)
 */
export function checkAvatarUrl(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const refuse = (problem: string) => badField('avatarUrl', problem, `The avatar URL ${problem}`);
  const tooLong = () => refuse(`has more than ${AVATAR_URL_MAX} characters`);
  if (value.length > AVATAR_URL_MAX) throw tooLong();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw refuse('is not a URL');
  }
  if (url.protocol !== 'https:') throw refuse('must start with https://');
  if (url.username || url.password) throw refuse('may not carry a user name or password');
  if (url.port) throw refuse('must use the default https port');
  const host = url.hostname.replace(/\.$/, '');
  if (host.startsWith('[')) {
    if (!isPublicAddress(host.slice(1, -1))) throw refuse('must name a public host');
  } else if (isIPv4(host)) {
    if (!isPublicAddress(host)) throw refuse('must name a public host');
  } else if (!host.includes('.') || LOCAL_NAMES.test(host)) {
    throw refuse('must name a public host');
  }
  if (url.href.length > AVATAR_URL_MAX) throw tooLong(); // percent-encoding lengthens some
  return url.href;
}
