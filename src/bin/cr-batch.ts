#!/usr/bin/env node
import "../cli/batch.js";
