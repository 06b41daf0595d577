// Polls Beads, routes machine tasks to executors and writes results back. Not built yet: see the open issues.
export {};
