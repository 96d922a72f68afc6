import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BatchSource } from "../../protocol";
import { BatchLeafResolver } from "../../server/chain/batchLeaves";
import type { RegistryReader } from "../../server/chain/registryReader";
import { PublicationSigner } from "../../server/crypto/publicationSigner";
import { BatchArchive } from "../../server/store/batchArchive";
import { BatchStore } from "../../server/store/batches";
import type { Db } from "../../server/store/database";

/** A follower's batch leaves for a test's own database: its batch store, an archive in a fresh folder, and a source if given. */
export function batchLeavesOf(db: Db, registry: RegistryReader, remote?: BatchSource) {
  return new BatchLeafResolver({
    batches: new BatchStore(db),
    archive: new BatchArchive(fs.mkdtempSync(path.join(os.tmpdir(), "newsprov-test-batches-"))),
    remote,
    place: { chainId: Number(registry.chainId), registry: registry.address },
    signer: new PublicationSigner(registry.domain()),
  });
}
