// The release suite's files run in name order: refusals, then release N, then the skew test
// (which publishes N+1 and so moves `latest`, which the release test's npx calls must not see).
module.exports = class ByName {
  sort(tests) {
    return [...tests].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  cacheResults() {}
};
