import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "chai";
import { ChainJournal, CHAIN_JOURNAL_FORMAT, type JournaledBlock } from "../../scripts/chainJournal";

const GENESIS = { timestamp: 1_795_000_000, hash: `0x${"11".repeat(32)}` as const };
const block = (number: number): JournaledBlock => ({
  number,
  timestamp: GENESIS.timestamp + number,
  hash: `0x${number.toString(16).padStart(64, "0")}`,
  transactions: number % 2 === 0 ? [] : [`0x02f8${number.toString(16).padStart(4, "0")}`],
});

describe("ChainJournal (scripts/chainJournal.ts)", function () {
  let dir: string;
  let file: string;

  beforeEach(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-journal-"));
    file = path.join(dir, "data", "chain-31337.jsonl");
  });
  afterEach(function () {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A journal with a header and `count` blocks, closed. */
  async function written(count: number): Promise<void> {
    const journal = await ChainJournal.open(file);
    await journal.begin({ chainId: 31337, genesis: GENESIS });
    for (let n = 1; n <= count; n++) await journal.append(block(n));
    await journal.close();
  }

  describe("open", function () {
    it("creates the folder and starts with neither header nor blocks when there is no file", async function () {
      const journal = await ChainJournal.open(file);
      expect(journal.header).to.equal(undefined);
      expect(journal.blocks).to.deep.equal([]);
      await journal.close();
      expect(fs.existsSync(path.dirname(file))).to.equal(true);
    });

    it("reads back the header and every block appended, in order", async function () {
      await written(3);
      const journal = await ChainJournal.open(file);
      expect(journal.header).to.deep.equal({ format: CHAIN_JOURNAL_FORMAT, chainId: 31337, genesis: GENESIS });
      expect(journal.blocks).to.deep.equal([block(1), block(2), block(3)]);
      await journal.close();
    });

    it("drops a last line cut short by a crash, and appends after the last complete one", async function () {
      await written(2);
      fs.appendFileSync(file, JSON.stringify(block(3)).slice(0, 40));
      const journal = await ChainJournal.open(file);
      expect(journal.blocks.map((b) => b.number)).to.deep.equal([1, 2]);
      await journal.append(block(3));
      await journal.close();
      expect((await reopened()).blocks).to.deep.equal([block(1), block(2), block(3)]);
    });

    it("treats a header cut short as no journal at all", async function () {
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, `{"format":"${CHAIN_JOURNAL_FORMAT}","chainId":3`);
      const journal = await ChainJournal.open(file);
      expect(journal.header).to.equal(undefined);
      await journal.begin({ chainId: 31337, genesis: GENESIS });
      await journal.close();
      expect((await reopened()).header?.chainId).to.equal(31337);
    });

    it("refuses a file in another format", async function () {
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, `${JSON.stringify({ format: "chain-journal-v0", chainId: 31337, genesis: GENESIS })}\n`);
      await expectOpenToFail(`${file}:1: not a ${CHAIN_JOURNAL_FORMAT} header`);
    });

    it("refuses a journal with a block missing", async function () {
      await written(3);
      const lines = fs.readFileSync(file, "utf8").split("\n");
      fs.writeFileSync(file, [lines[0], lines[1], lines[3], ""].join("\n"));
      await expectOpenToFail(`${file}:3: block 3 where block 2 should be`);
    });

    it("refuses a complete line that is not JSON", async function () {
      await written(1);
      fs.appendFileSync(file, "{oops\n");
      await expectOpenToFail(`${file}:3: not JSON`);
    });
  });

  describe("append", function () {
    it("refuses a block that does not follow the last one", async function () {
      await written(1);
      const journal = await ChainJournal.open(file);
      let failure: unknown;
      await journal.append(block(3)).catch((error: unknown) => (failure = error));
      await journal.close();
      expect((failure as Error).message).to.contain("block 3 cannot follow block 1");
    });

    it("refuses a block before the header", async function () {
      const journal = await ChainJournal.open(file);
      let failure: unknown;
      await journal.append(block(1)).catch((error: unknown) => (failure = error));
      await journal.close();
      expect((failure as Error).message).to.contain("has no header yet");
    });
  });

  async function reopened() {
    const journal = await ChainJournal.open(file);
    await journal.close();
    return journal;
  }

  async function expectOpenToFail(message: string) {
    let failure: unknown;
    await ChainJournal.open(file).then(
      (journal) => journal.close(),
      (error: unknown) => (failure = error),
    );
    expect(failure, "the journal opened").to.be.instanceOf(Error);
    expect((failure as Error).message).to.contain(message);
  }
});
