import { describe, expect, test } from "@jest/globals";
import { isTaskError } from "@yggdrasil/agent-core";
import { defaultDestName } from "../handlers/git-clone.js";
import { networkTargetAllowed, parseGitLocation, type GitLocation } from "./git-location.js";
import { checkBranchName } from "./refs.js";

const refused = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isTaskError(e) ? e.code : String(e);
  }
  return "accepted";
};

describe("clone sources and push targets", () => {
  test("accepts https, http, ssh, scp-like addresses and local paths", () => {
    expect(parseGitLocation("https://github.com/o/r.git", "url")).toMatchObject({ kind: "url", scheme: "https" });
    expect(parseGitLocation("ssh://git@host:2222/o/r", "url")).toMatchObject({ kind: "url", scheme: "ssh" });
    expect(parseGitLocation("git@github.com:o/r.git", "url")).toMatchObject({ kind: "scp", user: "git", host: "github.com", path: "o/r.git" });
    expect(parseGitLocation("repos/x", "url")).toEqual({ kind: "local", path: "repos/x" });
    expect(parseGitLocation("file:///srv/git/x.git", "url")).toEqual({ kind: "local", path: "/srv/git/x.git" });
  });

  test("refuses command-running transports, other schemes, credentials and option-looking parts", () => {
    for (const url of ["ext::sh -c id", "fd::0", "ExT::x", "--upload-pack=id", "-x", "git://h/r", "ftp://h/r", "https://u:p@h/r", "ssh://-oProxyCommand=id/x", "-oProxyCommand=id:x", "host:-x", "a b ", ""]) {
      expect({ url, outcome: refused(() => parseGitLocation(url, "url")) }).toEqual({ url, outcome: "invalid_params" });
    }
  });

  test("derives the directory name git would, or asks for dest", () => {
    const name = (u: string) => defaultDestName(parseGitLocation(u, "url"));
    expect(name("https://h/o/repo.git")).toBe("repo");
    expect(name("git@h:o/repo.git/")).toBe("repo");
    expect(name("../src/proj.git")).toBe("proj");
    expect(refused(() => name("https://h/"))).toBe("invalid_params");
    expect(refused(() => name("https://h/o/%2e%2e"))).toBe("invalid_params");
    expect(refused(() => name("https://h/o/%E0%A4%A"))).toBe("invalid_params");
  });

  test("push targets match push_remotes prefixes by whole path segments", () => {
    const target = (u: string) => parseGitLocation(u, "remote") as Exclude<GitLocation, { kind: "local" }>;
    expect(networkTargetAllowed(target("https://git.lan/team/app.git"), ["https://git.lan/team"])).toBe(true);
    expect(networkTargetAllowed(target("https://git.lan/teamster/app.git"), ["https://git.lan/team"])).toBe(false);
    expect(networkTargetAllowed(target("http://git.lan/team/app.git"), ["https://git.lan/team"])).toBe(false);
    expect(networkTargetAllowed(target("git@github.com:me/app.git"), ["git@github.com:me/"])).toBe(true);
    expect(networkTargetAllowed(target("git@github.com:other/app.git"), ["git@github.com:me"])).toBe(false);
    expect(networkTargetAllowed(target("git@github.com:me/app.git"), [])).toBe(false);
  });

  test("branch names git would refuse, or that look like options, are invalid", () => {
    // Shell metacharacters are legal in branch names and harmless: no shell ever sees them.
    for (const b of ["main", "feature/x", "release-1.2", "$(id)", "a;b", "`id`"]) expect(refused(() => checkBranchName(b, "branch"))).toBe("accepted");
    for (const b of ["-x", "--upload-pack=id", "a..b", "a b", "a~1", "x.lock", "@", "a@{1}", "/a", "a/", ".a", "a/.b"]) {
      expect({ b, outcome: refused(() => checkBranchName(b, "branch")) }).toEqual({ b, outcome: "invalid_params" });
    }
  });
});
