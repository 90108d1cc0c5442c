import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The client IP: X-Forwarded-For is believed only hop by hop while the hop is a trusted proxy
 * (TRUSTED_PROXIES: addresses or CIDR ranges, or the names proxy-addr knows: loopback, linklocal, uniquelocal).
 */
export function clientIpResolver(trusted: string[]): (req: IncomingMessage) => string {
  const trust = proxyaddr.compile(trusted);
  return (req) => normalizeIp(proxyaddr(req as Parameters<typeof proxyaddr>[0], trust));
}

export function normalizeIp(ip: string): string {
  return ip.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}
