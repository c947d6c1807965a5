#!/usr/bin/env node
import "../cli/shots.js";
