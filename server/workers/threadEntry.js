"use strict";
// The entry of a preparation worker thread. Threads start without the parent's require hooks, and
// this project runs its TypeScript in place (ts-node, transpile only, as Hardhat and bin/newsprov.js
// do), so the worker registers it before loading the task.
const path = require("node:path");

require("ts-node").register({ project: path.join(__dirname, "..", "..", "tsconfig.json"), transpileOnly: true });
// The module, not only its default export: piscina runs other exports by name.
module.exports = require("./preparationWorker.ts");
