/**
 * A slow network link for upload tests: a TCP relay on loopback that passes the client's bytes
 * to the server at a fixed rate (answers come back at full speed), and counts them, so a test
 * can press Ctrl-C or kill the process while the email is half way up. TLS passes through
 * untouched: the relay sees only ciphertext.
 */
import { createServer, connect, type Socket } from 'node:net';

export interface SlowLink {
  port: number;
  /** Bytes passed from clients to the server so far. */
  uploaded(): number;
  close(): Promise<void>;
}

export async function slowLink(targetPort: number, bytesPerSecond: number): Promise<SlowLink> {
  let uploaded = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const done = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', done);
    upstream.on('close', done);
    client.on('error', done);
    upstream.on('error', done);
    upstream.pipe(client);
    client.on('data', (chunk: Buffer) => {
      client.pause();
      let at = 0;
      const step = Math.max(1024, Math.floor(bytesPerSecond / 20));
      const send = () => {
        if (upstream.destroyed) return;
        const piece = chunk.subarray(at, at + step);
        at += piece.length;
        uploaded += piece.length;
        upstream.write(piece);
        if (at < chunk.length) setTimeout(send, (piece.length / bytesPerSecond) * 1000);
        else setTimeout(() => client.resume(), (piece.length / bytesPerSecond) * 1000);
      };
      send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    uploaded: () => uploaded,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
