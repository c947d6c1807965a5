#!/usr/bin/env node
import "../cli/contact-sheet.js";
