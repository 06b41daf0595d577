#!/usr/bin/env node
// Prints the README's targets table from bench/results/latest.json, to paste into the
// Performance section after a run (`node bench/readme-section.mjs`).
import { readFileSync } from "node:fs";

const rep = JSON.parse(readFileSync(new URL("results/latest.json", import.meta.url), "utf8"));
const mark = (met) => (met === true ? "met" : met === false ? "**missed**" : "not run");
const rows = rep.targets.map((t) => `| ${t.area} | ${t.target} | ${t.measured.replaceAll("|", "/")} | ${mark(t.met)} |`);
process.stdout.write(`| area | target | measured: median (min–max, n) | |\n|---|---|---|---|\n${rows.join("\n")}\n`);
