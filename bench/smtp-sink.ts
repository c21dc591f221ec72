/**
 * The loopback SMTP server of the outbox bench, in a process of its own (started by
 * spawn-smtp-sink.ts) so that receiving does not count as the sender's CPU: the `smtp-server`
 * package on 127.0.0.1, as test/smtp-server.ts runs it, but it only counts what arrives (each
 * message is read to its end, then accepted) instead of parsing it. Over IPC it says its port
 * once listening, answers `count` with how many messages it took, and exits on `close`.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const send = (message: unknown) => process.send?.(message);
let received = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.on('end', () => {
      received++;
      callback();
    });
    stream.resume();
  },
});
server.listen(0, '127.0.0.1', () => send({ port: (server.server.address() as AddressInfo).port }));
process.on('message', (message) => {
  if (message === 'count') send({ received });
  // At once: a pooled client's idle connections would hold a graceful close for its 30 s timeout.
  if (message === 'close') process.exit(0);
});
