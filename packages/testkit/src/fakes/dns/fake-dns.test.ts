// Node's own resolver (c-ares) gets its answers from the fake.
import { describe, expect, test } from "@jest/globals";
import { promises as dns } from "node:dns";
import { startFakeDns } from "./index.js";

describe("fake DNS", () => {
  test("answers A and AAAA from its table and NXDOMAIN otherwise", async () => {
    const d = await startFakeDns({ records: { "nas.home.test": ["127.0.0.5", "::1"], "ads.home.test": ["0.0.0.0"] } });
    try {
      const r = new dns.Resolver({ timeout: 2000, tries: 1 });
      r.setServers([d.server]);
      expect(await r.resolve4("NAS.home.test")).toEqual(["127.0.0.5"]);
      expect(await r.resolve6("nas.home.test")).toEqual(["::1"]);
      expect(await r.resolve4("ads.home.test")).toEqual(["0.0.0.0"]);
      await expect(r.resolve4("missing.home.test")).rejects.toMatchObject({ code: "ENOTFOUND" });
      expect(d.queries.map((q) => q.name)).toContain("nas.home.test");
    } finally {
      await d.close();
    }
  });
});
