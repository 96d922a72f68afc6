import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { buildWeb } from "../../scripts/buildWeb";
import { startTestService } from "./service";

/**
 * The test service with the reader's pages, listening on a free port for a browser: the pages are
 * built into a temporary folder, not dist/web, which a developer's `npm start` may be serving.
 */
export async function startPageServer() {
  const webRoot = await buildWeb(fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-web-")));
  const ctx = await startTestService({ webRoot });
  const server = ctx.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    ...ctx,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await ctx.service.close();
      fs.rmSync(webRoot, { recursive: true, force: true });
    },
  };
}
