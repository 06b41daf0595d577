// Testing only: preloaded with `node --import` to skew a process's wall clock by
// YGG_TEST_CLOCK_OFFSET_MS, as if its host's clock were off. Date.now() and `new Date()` move;
// timers and performance.now() do not (a skewed host's monotonic clock still ticks right).
const offset = Number(process.env.YGG_TEST_CLOCK_OFFSET_MS ?? 0);
const RealDate = Date;
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = SkewedDate;
