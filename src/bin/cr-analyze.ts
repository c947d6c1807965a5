#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/analyze.js";

await runMain(main);
