// Two claimers race for one bead, 50 times: exactly one wins each time.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { emulatorTargets, type Target } from "./test-support/targets.js";

describe("claim race against the emulator (1.0.5)", () => {
  let ws: ReturnType<Target["open"]>;
  beforeAll(() => {
    ws = emulatorTargets()[0]!.open();
  });
  afterAll(() => ws.cleanup());

  test("50 rounds, two actors, one winner each", async () => {
    const a = ws.client("racer-a");
    const b = ws.client("racer-b");
    const wins = { "racer-a": 0, "racer-b": 0 };
    for (let round = 0; round < 50; round++) {
      const issue = await a.create({ title: `race ${round}` });
      const [ra, rb] = await Promise.all([a.claim(issue.id), b.claim(issue.id)]);
      const winners = [ra, rb].filter((r) => r.claimed);
      expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
      const loser = ra.claimed ? rb : ra;
      expect(loser).toMatchObject({ claimed: false, reason: "claimed_by_other" });
      const stored = await a.get(issue.id);
      expect(stored.assignee).toBe(ra.claimed ? "racer-a" : "racer-b");
      wins[ra.claimed ? "racer-a" : "racer-b"] += 1;
    }
    expect(wins["racer-a"] + wins["racer-b"]).toBe(50);
  }, 400_000);
});
