import path from "node:path";
import { expect } from "chai";
import madge from "madge";
import { PROJECT_ROOT } from "./helpers/processes";

/** Every module of ours and the modules of ours it imports (type-only imports included: an arrow is an arrow). */
type ImportGraph = Record<string, string[]>;

// The layers of STYLE.md, held by a check rather than by care: protocol/ at the bottom, imported by
// everything and importing nothing of ours; the CLI and the page speaking HTTP and JSON-RPC through
// it, never reaching into server/; routes calling services, never the store, the chain or the follower.
describe("the layout", function () {
  this.timeout(60_000);
  let graph: ImportGraph;
  let circles: string[][];

  before(async function () {
    const result = await madge(["protocol", "server", "cli", "web", "scripts"].map((dir) => path.join(PROJECT_ROOT, dir)), {
      baseDir: PROJECT_ROOT,
      fileExtensions: ["ts"],
      tsConfig: path.join(PROJECT_ROOT, "tsconfig.json"),
    });
    graph = result.obj();
    circles = result.circular();
  });

  const importsOf = (dir: string) =>
    Object.entries(graph).flatMap(([file, imports]) => (file.startsWith(`${dir}/`) ? imports.map((imported) => [file, imported] as const) : []));

  it("reads the modules of every layer", function () {
    for (const dir of ["protocol", "server", "cli", "web", "scripts"]) expect(importsOf(dir).length, dir).to.be.greaterThan(0);
  });

  it("has no import circle", function () {
    expect(circles).to.deep.equal([]);
  });

  it("keeps protocol/ free of any other module of ours", function () {
    expect(importsOf("protocol").filter(([, imported]) => !imported.startsWith("protocol/"))).to.deep.equal([]);
  });

  it("keeps the CLI and the page out of server/ and scripts/", function () {
    const reaching = [...importsOf("cli"), ...importsOf("web")].filter(([, imported]) => /^(server|scripts)\//.test(imported));
    expect(reaching).to.deep.equal([]);
  });

  it("keeps the routes away from the store, the chain client and the follower", function () {
    const reaching = importsOf("server/routes").filter(([, imported]) => /^server\/(store|chain|workers)\//.test(imported));
    expect(reaching).to.deep.equal([]);
  });
});
