// Shared helpers of the nnlab native addon: argument access and thread choice.
#pragma once

#include <napi.h>
#include <omp.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <cstdint>
#include <string>

namespace nnlab {

// Threads the caller allows (activate({ threads })); ops use up to this many.
int MaxThreads();
void SetMaxThreads(int threads);

// Threads worth using for `work` multiply-adds (or element visits): waking a
// sleeping OpenMP team costs tens of microseconds, so small ops stay on the
// calling thread.
int ThreadsFor(double work, double perThread);

// Picks 1 thread or the parallel count for an op, per op shape, by timing
// both: on a machine where another process takes a core, a two-thread
// GEMM waits for its slower half and loses to one thread, and which one
// wins changes with the load. The first calls of a shape alternate; after
// that the faster one runs and the other is re-timed now and then, so the
// choice follows the machine (policy and its reasons: thread-choice.h).
int ChooseThreads(uint64_t key, int parallel);
void RecordThreads(uint64_t key, int threads, double seconds);

// Times a call and reports it to RecordThreads (unless told to skip it, e.g. a first call that compiled kernels).
class ThreadTimer {
 public:
  ThreadTimer(uint64_t key, int threads) : key_(key), threads_(threads), start_(std::chrono::steady_clock::now()) {}
  ~ThreadTimer() {
    if (!skip_) RecordThreads(key_, threads_, std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
  }
  void Skip() { skip_ = true; }

 private:
  uint64_t key_;
  int threads_;
  std::chrono::steady_clock::time_point start_;
  bool skip_ = false;
};

inline uint64_t HashMix(uint64_t h, uint64_t v) { return (h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2))) * 0xff51afd7ed558ccdULL; }

// Work one thread should have before another joins in (a team wake-up costs
// microseconds), by kind; settable for tuning through setWorkPerThread().
enum WorkKind : int32_t { kGemmWork = 0, kConvWork = 1, kElementWork = 2 };
double WorkPerThread(WorkKind kind);

// Blocks every signal on the calling thread while native code runs.
//
// Debian's oneDNN 2.6 JIT kernels (at least sgemm) use stack memory that a
// signal handler's frame overwrites: a SIGPROF from `node --cpu-prof`, or
// a SIGINT/SIGCHLD/SIGWINCH handled by libuv, landing mid-kernel corrupts
// the heap (reproduced in C with setitimer). Signals raised meanwhile stay
// pending and are delivered when the call returns. OpenMP worker threads are
// created inside guarded calls, so they inherit the full mask and never
// receive a signal at all.
class SignalGuard {
 public:
  SignalGuard() {
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &previous_);
  }
  ~SignalGuard() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }
  SignalGuard(const SignalGuard&) = delete;
  SignalGuard& operator=(const SignalGuard&) = delete;

 private:
  sigset_t previous_;
};

inline float* F32(const Napi::Value& v) { return v.As<Napi::Float32Array>().Data(); }
inline size_t F32Length(const Napi::Value& v) { return v.As<Napi::Float32Array>().ElementLength(); }
// Every kernel checks each buffer against the sizes its shape parameters imply before it reads or
// writes: a caller's mistake is an exception naming the buffer, never a write past a typed array.
inline void RequireSize(const Napi::Env& env, size_t length, int64_t needed, const char* kernel, const char* buffer) {
  if (needed < 0 || static_cast<int64_t>(length) < needed) {
    throw Napi::Error::New(env, std::string(kernel) + ": " + buffer + " holds " + std::to_string(length) + " values, its shape needs " + std::to_string(needed));
  }
}
inline float* F32Sized(const Napi::Value& v, int64_t needed, const char* kernel, const char* buffer) {
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  RequireSize(v.Env(), a.ElementLength(), needed, kernel, buffer);
  return a.Data();
}
inline const float* F32OrNull(const Napi::Value& v) {
  return v.IsNull() || v.IsUndefined() ? nullptr : v.As<Napi::Float32Array>().Data();
}
inline int64_t I64(const Napi::Value& v) { return v.As<Napi::Number>().Int64Value(); }
inline int32_t I32(const Napi::Value& v) { return v.As<Napi::Number>().Int32Value(); }
inline float F(const Napi::Value& v) { return v.As<Napi::Number>().FloatValue(); }

// Activation codes shared with src/native-addon.ts.
enum Activation : int32_t { kActLinear = 0, kActRelu = 1, kActLeakyRelu = 2 };

void InitGemm(Napi::Env env, Napi::Object exports);
void InitConv(Napi::Env env, Napi::Object exports);
void InitPool(Napi::Env env, Napi::Object exports);
void InitElementwise(Napi::Env env, Napi::Object exports);
void InitBatchNorm(Napi::Env env, Napi::Object exports);
void InitActivationGrad(Napi::Env env, Napi::Object exports);
void InitSoftmaxCrossEntropy(Napi::Env env, Napi::Object exports);

}  // namespace nnlab
