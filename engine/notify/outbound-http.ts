/**
 * Outbound HTTP that cannot be turned against the inside (webhooks, later external calendars).
 * Attackers have used ITSM webhooks to scan internal hosts and read cloud metadata (GLPI
 * CVE-2026-22247, CVE-2022-39276). So:
 * - the host is resolved first and every address it resolves to must be public unicast
 *   (no private, loopback, link-local — cloud metadata lives there —, unique-local, carrier-grade
 *   NAT, multicast or reserved ranges; IPv4-mapped IPv6 is judged as IPv4), unless the
 *   installation allows private targets;
 * - the request connects to the address that was checked, not to a second lookup (no DNS
 *   rebinding between check and connect); TLS still verifies the host name;
 * - redirects are not followed: a 3xx answer is a failure;
 * - it has a deadline, and only the status of the answer is read.
 */
import { lookup } from 'node:dns/promises';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { FlowdeskError } from '../errors/flowdesk-error.js';

export interface OutboundPolicy {
  /** Allow private, loopback and link-local targets (an internal system on purpose). */
  allowPrivate: boolean;
  timeoutMs: number;
}

export const DEFAULT_OUTBOUND_POLICY: OutboundPolicy = { allowPrivate: false, timeoutMs: 10_000 };

/** The range an address is in, as ipaddr.js names it ('unicast' is public). */
export function rangeOf(address: string): string {
  return ipaddr.process(address).range();
}

/**
 * The address to connect to for `url`, after checking every address its host resolves to.
 * @throws FlowdeskError OUTBOUND_URL_INVALID, OUTBOUND_ADDRESS_REFUSED
 */
export async function checkedAddress(url: URL, policy: OutboundPolicy): Promise<{ address: string; family: 4 | 6 }> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FlowdeskError('OUTBOUND_URL_INVALID', `only http and https URLs may be called, not ${url.protocol}`);
  if (url.username || url.password) throw new FlowdeskError('OUTBOUND_URL_INVALID', 'a URL with credentials in it is refused; send them as a signature or header');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const addresses = ipaddr.isValid(host) ? [{ address: host, family: ipaddr.parse(host).kind() === 'ipv6' ? 6 : 4 }] : await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new FlowdeskError('OUTBOUND_ADDRESS_REFUSED', `the host ${host} does not resolve`);
  if (!policy.allowPrivate) {
    const inside = addresses.find(({ address }) => rangeOf(address) !== 'unicast');
    if (inside) throw new FlowdeskError('OUTBOUND_ADDRESS_REFUSED', `${host} resolves to ${inside.address} (${rangeOf(inside.address)}), which is not a public address`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/**
 * POSTs `body` to `url` under the policy; resolves with the status of a 2xx answer.
 * @throws FlowdeskError OUTBOUND_URL_INVALID, OUTBOUND_ADDRESS_REFUSED, OUTBOUND_FAILED (network, timeout, redirect or non-2xx)
 */
export async function postChecked(url: URL, body: string, headers: Record<string, string>, policy: OutboundPolicy = DEFAULT_OUTBOUND_POLICY): Promise<number> {
  const target = await checkedAddress(url, policy);
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [target]);
    else callback(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<number>((resolve, reject) => {
    const request = send(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers }, lookup: pinned, timeout: policy.timeoutMs }, (response) => {
      response.resume();
      const status = response.statusCode ?? 0;
      if (status >= 200 && status < 300) resolve(status);
      else if (status >= 300 && status < 400) reject(new FlowdeskError('OUTBOUND_FAILED', `${url.host} answered ${status}, a redirect; redirects are not followed`));
      else reject(new FlowdeskError('OUTBOUND_FAILED', `${url.host} answered ${status}`));
    });
    request.on('timeout', () => request.destroy(new FlowdeskError('OUTBOUND_FAILED', `${url.host} did not answer within ${policy.timeoutMs} ms`)));
    request.on('error', (error) => reject(error instanceof FlowdeskError ? error : new FlowdeskError('OUTBOUND_FAILED', `${url.host}: ${error.message}`)));
    request.end(body);
  });
}
