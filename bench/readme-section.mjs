#!/usr/bin/env node
// The README's Performance figures from bench/results/latest.json: what the run was, then the
// targets table. Prints them; with --write, replaces the part of README.md between the
// `<!-- bench:start -->` and `<!-- bench:end -->` lines instead.
import { readFileSync, writeFileSync } from "node:fs";

const rep = JSON.parse(readFileSync(new URL("results/latest.json", import.meta.url), "utf8"));
const mark = (met) => (met === true ? "met" : met === false ? "**missed**" : "not run");
const loads = Object.values(rep.results).map((r) => r.load_average_before?.[0]).filter((x) => x !== undefined);
const loadText = loads.length ? `load average ${Math.min(...loads)}–${Math.max(...loads)} as the benches began` : `load average ${rep.load_average_at_end.join(" ")} at the end`;
const times = Object.entries(rep.results).map(([k, r]) => `${k} ${r.wall_seconds ?? "?"} s`).join(", ");
const total = Object.values(rep.results).reduce((sum, r) => sum + (r.wall_seconds ?? 0), 0);
const rows = rep.targets.map((t) => `| ${t.area} | ${t.target} | ${t.measured.replaceAll("|", "/")} | ${mark(t.met)} |`);
const section = [
  `The latest run: ${rep.date.slice(0, 10)}, commit ${rep.commit}, ${rep.cpus} × ${rep.cpu_model}, Node ${rep.node}, ${loadText}${rep.quick ? ", --quick (fewer rounds: not figures to quote)" : ""}.`,
  `Wall time ${total} s in all: ${times}.`,
  ``,
  `| area | target | measured: median (min–max, n) | |`,
  `|---|---|---|---|`,
  ...rows,
].join("\n");

if (process.argv.includes("--write")) {
  const path = new URL("../README.md", import.meta.url);
  const readme = readFileSync(path, "utf8");
  const re = /(<!-- bench:start -->\n)[\s\S]*?(<!-- bench:end -->)/;
  if (!re.test(readme)) throw new Error("README.md has no <!-- bench:start --> … <!-- bench:end --> block");
  writeFileSync(path, readme.replace(re, (_m, a, b) => `${a}${section}\n${b}`));
} else {
  process.stdout.write(`${section}\n`);
}
