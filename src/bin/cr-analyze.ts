#!/usr/bin/env node
import "../cli/analyze.js";
