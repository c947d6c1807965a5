#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/refine.js";

await runMain(main);
