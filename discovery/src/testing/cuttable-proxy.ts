/** A TCP proxy in front of a coordinator whose connections a test can cut, like a network failure. */
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface CuttableProxy extends AsyncDisposable {
  /** `http://127.0.0.1:port` of the proxy. */
  readonly url: string;
  /** How many connections it has accepted. */
  connections(): number;
  /** Destroys every open connection at once; new connections are accepted as before. */
  cut(): void;
  close(): Promise<void>;
}

/** Listens on a free loopback port and forwards every connection to `target` (`host:port`). */
export async function startCuttableProxy(target: string): Promise<CuttableProxy> {
  const separator = target.lastIndexOf(':');
  const targetHost = target.slice(0, separator);
  const targetPort = Number(target.slice(separator + 1));
  const sockets = new Set<Socket>();
  let accepted = 0;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = createServer((incoming) => {
    accepted += 1;
    const outgoing = connect(targetPort, targetHost);
    track(incoming);
    track(outgoing);
    incoming.pipe(outgoing).on('error', () => incoming.destroy());
    outgoing.pipe(incoming).on('error', () => outgoing.destroy());
    incoming.on('error', () => outgoing.destroy());
    outgoing.on('error', () => incoming.destroy());
    incoming.on('close', () => outgoing.destroy());
    outgoing.on('close', () => incoming.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  const close = () =>
    new Promise<void>((resolve) => {
      cut();
      server.close(() => {
        resolve();
      });
    });
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    cut,
    close,
    [Symbol.asyncDispose]: close,
  };
}
