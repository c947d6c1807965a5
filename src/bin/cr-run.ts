#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/run.js";

await runMain(main);
