import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkedAddress, postChecked, rangeOf } from './outbound-http.js';

const OPEN = { allowPrivate: true, timeoutMs: 2000 };
const STRICT = { allowPrivate: false, timeoutMs: 2000 };

describe('outbound HTTP', () => {
  let server: Server;
  let base: string;
  const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (req.url === '/redirect') res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
        else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 3000);
        else if (req.url === '/broken') res.writeHead(500).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (received.length = 0));

  it('classifies addresses: only public unicast passes, whatever way an inside address is written', () => {
    expect(['8.8.8.8', '2001:4860:4860::8888'].map(rangeOf)).toEqual(['unicast', 'unicast']);
    expect(['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', 'fd00:ec2::254', 'fe80::1', '::ffff:127.0.0.1', '224.0.0.1'].map(rangeOf)).not.toContain('unicast');
  });

  it('refuses private, loopback, link-local and metadata targets, by literal or by name, unless the installation allows them', async () => {
    for (const url of [base, 'http://localhost:9/', 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:7f00:1]:9/', 'http://[fd00:ec2::254]/', 'http://100.100.100.200/', 'http://0.0.0.0:9/']) {
      await expect(checkedAddress(new URL(url), STRICT)).rejects.toMatchObject({ code: 'OUTBOUND_ADDRESS_REFUSED' });
    }
    await expect(postChecked(new URL(`${base}/hook`), '{}', {}, STRICT)).rejects.toMatchObject({ code: 'OUTBOUND_ADDRESS_REFUSED' });
    expect(received).toEqual([]);
    await expect(checkedAddress(new URL('ftp://example.com/'), OPEN)).rejects.toMatchObject({ code: 'OUTBOUND_URL_INVALID' });
    await expect(checkedAddress(new URL('https://user:pw@example.com/'), OPEN)).rejects.toMatchObject({ code: 'OUTBOUND_URL_INVALID' });
  });

  it('posts to an allowed target, and does not follow a redirect, wait past its deadline or take a 5xx as sent', async () => {
    expect(await postChecked(new URL(`${base}/hook`), '{"a":1}', { 'x-flowdesk-signature': 'sha256=abc' }, OPEN)).toBe(204);
    expect(received).toEqual([expect.objectContaining({ body: '{"a":1}', headers: expect.objectContaining({ 'content-type': 'application/json', 'x-flowdesk-signature': 'sha256=abc' }) })]);
    await expect(postChecked(new URL(`${base}/redirect`), '{}', {}, OPEN)).rejects.toMatchObject({ code: 'OUTBOUND_FAILED', message: expect.stringContaining('redirect') });
    await expect(postChecked(new URL(`${base}/broken`), '{}', {}, OPEN)).rejects.toMatchObject({ code: 'OUTBOUND_FAILED', message: expect.stringContaining('500') });
    await expect(postChecked(new URL(`${base}/slow`), '{}', {}, { allowPrivate: true, timeoutMs: 300 })).rejects.toMatchObject({ code: 'OUTBOUND_FAILED', message: expect.stringContaining('300 ms') });
    expect(received.map((r) => r.body)).toHaveLength(4); // the redirect target was never asked
  });
});
