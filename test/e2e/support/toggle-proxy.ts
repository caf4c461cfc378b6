// A loopback TCP proxy in front of the reference server: switching it off makes the server unreachable for the
// core (connections refused and cut) while the server keeps its data and other clients still reach it directly.
import net from 'node:net';

export interface ToggleProxy {
  url: string;
  setOnline(online: boolean): void;
  close(): Promise<void>;
}

export async function startToggleProxy(targetUrl: string): Promise<ToggleProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<net.Socket>();
  let online = true;
  const server = net.createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setOnline(value) {
      online = value;
      if (!value) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
