#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/score.js";

await runMain(main);
