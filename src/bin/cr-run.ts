#!/usr/bin/env node
import "../cli/run.js";
