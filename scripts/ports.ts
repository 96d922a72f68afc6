import net from "node:net";

/** Fails with a readable message when a port we are about to listen on is taken. */
export async function assertPortFree(host: string, port: number, variable: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (error: NodeJS.ErrnoException) =>
      reject(new Error(`${host}:${port} is not available (${error.code}); set ${variable} to another port`)),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}
