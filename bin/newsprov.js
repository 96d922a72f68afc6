#!/usr/bin/env node
"use strict";
// Runs the TypeScript CLI in place, so `npx newsprov` works in the repository with no build step.
// Transpile only: types are checked by `npm run typecheck`, and startup stays fast.
const path = require("node:path");

require("ts-node").register({
  project: path.join(__dirname, "..", "tsconfig.json"),
  transpileOnly: true,
});
require("../cli/main.ts");
