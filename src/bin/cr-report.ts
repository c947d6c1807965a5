#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/report.js";

await runMain(main);
