// The per-shape choice between one thread and the parallel count (ChooseThreads in common.h),
// kept apart from the addon's table so its policy can be replayed on given timings
// (simulateThreadChoice, for tests).
#pragma once

#include <algorithm>
#include <cstdint>

namespace nnlab {

class ThreadChoice {
 public:
  // Calls per arm that only time it (alternating, parallel first) before the faster one runs.
  static constexpr int kWarmup = 3;
  // How often the slower arm is timed again: every 16th call while the two are close, so the
  // choice follows the load; every 64th when parallel is clearly ahead (a quiet machine), where
  // each re-check of one thread costs nearly a whole extra call (~6% of GEMM time at 16).
  static constexpr uint32_t kExplore = 16;
  static constexpr uint32_t kExploreClearWin = 64;
  static constexpr double kClearWin = 1.25;
  static constexpr double kStallCap = 8;

  // `parallel` > 1 threads or 1 for this call.
  int Choose(int parallel) {
    calls_++;
    if (samples_[0] < kWarmup || samples_[1] < kWarmup) return calls_ % 2 == 1 ? parallel : 1;
    const bool parallelWins = average_[1] <= average_[0];
    const uint32_t period = parallelWins && average_[0] >= kClearWin * average_[1] ? kExploreClearWin : kExplore;
    const bool explore = calls_ % period == 0;
    return parallelWins != explore ? parallel : 1;
  }

  // The wall time of a call that ran on `threads`. During warm-up an arm keeps its fastest
  // sample: a first call that JIT-compiles kernels or faults in a fresh output buffer is not
  // the steady speed. After it, a moving average of samples capped at 8 times the average: one
  // call stalled for seconds (a stopped process) raises the average at most 3.1x instead of
  // locking in the other arm for hundreds of calls, while stalls that come often (one call in
  // 8 or more, as when another process holds a core) still count in full. (A cap of 2x hid
  // those: replayed, it kept two threads on 98% of calls that one thread ran in a third of the
  // time on average.)
  void Record(int threads, double seconds) {
    const int i = threads > 1 ? 1 : 0;
    if (samples_[i] == 0) {
      average_[i] = seconds;
    } else if (samples_[i] < kWarmup) {
      average_[i] = std::min(average_[i], seconds);
    } else {
      average_[i] = 0.7 * average_[i] + 0.3 * std::min(seconds, kStallCap * average_[i]);
    }
    samples_[i]++;
  }

 private:
  double average_[2] = {0, 0};  // seconds per call: [one thread, parallel]
  int samples_[2] = {0, 0};
  uint32_t calls_ = 0;
};

}  // namespace nnlab
