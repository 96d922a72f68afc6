// What the duplicate_key check (findDuplicateKey in express.json's verify hook) costs a request,
// beside the JSON.parse that body-parser makes anyway:
//   npx ts-node scripts/bench/duplicateKeys.ts
import fs from "node:fs";
import path from "node:path";
import { findDuplicateKey } from "../../protocol";
import { benchArticle } from "./signedArticles";

const SIGNATURE = `0x${"ab".repeat(65)}`;
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "test", "fixtures", "mistral-ai-funding.fr.json"), "utf8"));

/** One publish request whose body fills the 4 MiB MAX_BODY_BYTES: the French fixture repeated. */
function largestBody(): Buffer {
  const article = { ...fixture, body: "" };
  const room = 4 * 1024 * 1024 - Buffer.byteLength(JSON.stringify({ article, signature: SIGNATURE })) - 16;
  let body = fixture.body as string;
  while (Buffer.byteLength(JSON.stringify(body)) < room) body += `\n\n${fixture.body}`;
  while (Buffer.byteLength(JSON.stringify(body)) > room) body = body.slice(0, -1000);
  return Buffer.from(JSON.stringify({ article: { ...article, body }, signature: SIGNATURE }));
}

const bulkBody = () => Buffer.from(JSON.stringify({ items: Array.from({ length: 500 }, (_, n) => ({ article: benchArticle(n), signature: SIGNATURE })) }));

function median(run: () => void, rounds = 30): number {
  run();
  const times = Array.from({ length: rounds }, () => {
    const start = process.hrtime.bigint();
    run();
    return Number(process.hrtime.bigint() - start) / 1e6;
  });
  return times.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
}

for (const [name, buffer] of [["4 MiB publish body", largestBody()], ["500-item bulk body", bulkBody()]] as const) {
  const parse = median(() => JSON.parse(buffer.toString("utf8")));
  const check = median(() => findDuplicateKey(buffer.toString("utf8")));
  console.log(
    `${name} (${(buffer.length / 1048576).toFixed(2)} MiB): decode + JSON.parse ${parse.toFixed(1)} ms, ` +
      `decode + findDuplicateKey ${check.toFixed(1)} ms (${(buffer.length / 1048576 / (check / 1000)).toFixed(0)} MiB/s)`,
  );
}
