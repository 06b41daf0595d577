// Typed, defensive wrapper of the bd (Beads) CLI. Not built yet: see the open issues.
export {};
