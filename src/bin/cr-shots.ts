#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/shots.js";

await runMain(main, { onHangup: "continue" });
