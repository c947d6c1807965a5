#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/batch.js";

await runMain(main, { onHangup: "continue" });
