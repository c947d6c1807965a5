#!/usr/bin/env node
import { runMain } from "../cli/main.js";
import { main } from "../cli/contact-sheet.js";

await runMain(main);
