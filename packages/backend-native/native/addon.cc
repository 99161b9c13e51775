// Entry point of the nnlab native addon: version/ISA report and threads.
#include <dnnl.hpp>

#include <algorithm>
#include <unordered_map>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "common.h"
#include "thread-choice.h"

namespace nnlab {

static int g_max_threads = 1;
// Multiply-adds (GEMM, convolution) or elements per thread; measured on a 2-vCPU EPYC (AVX2).
static double g_work_per_thread[3] = {1 << 19, 1 << 19, 1 << 20};

double WorkPerThread(WorkKind kind) { return g_work_per_thread[kind]; }

static std::unordered_map<uint64_t, ThreadChoice> g_thread_stats;
static bool g_adaptive = true;

int ChooseThreads(uint64_t key, int parallel) {
  if (parallel <= 1) return 1;
  if (!g_adaptive) return parallel;
  return g_thread_stats[key].Choose(parallel);
}

void RecordThreads(uint64_t key, int threads, double seconds) {
  auto found = g_thread_stats.find(key);
  if (found != g_thread_stats.end()) found->second.Record(threads, seconds);
}

// simulateThreadChoice(parallel, oneThreadSeconds, parallelSeconds) -> Int32Array of the thread
// count ChooseThreads picks on each call, when call i takes oneThreadSeconds[i] on one thread and
// parallelSeconds[i] on `parallel` (arrays of equal length): the policy, replayed without timing.
static Napi::Value SimulateThreadChoice(const Napi::CallbackInfo& info) {
  const int parallel = I32(info[0]);
  Napi::Float64Array one = info[1].As<Napi::Float64Array>(), many = info[2].As<Napi::Float64Array>();
  if (parallel < 2 || one.ElementLength() != many.ElementLength()) {
    throw Napi::Error::New(info.Env(), "simulateThreadChoice(parallel >= 2, two Float64Arrays of equal length)");
  }
  ThreadChoice choice;
  Napi::Int32Array out = Napi::Int32Array::New(info.Env(), one.ElementLength());
  for (size_t i = 0; i < one.ElementLength(); i++) {
    const int threads = choice.Choose(parallel);
    choice.Record(threads, threads > 1 ? many[i] : one[i]);
    out[i] = threads;
  }
  return out;
}

int MaxThreads() { return g_max_threads; }
void SetMaxThreads(int threads) { g_max_threads = std::max(1, threads); }

int ThreadsFor(double work, double perThread) {
  if (g_max_threads <= 1 || work < 2 * perThread) return 1;
  const int wanted = static_cast<int>(work / perThread);
  return std::max(1, std::min(g_max_threads, wanted));
}

static const char* IsaName(dnnl_cpu_isa_t isa) {
  switch (isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx512_mic: return "avx512_mic";
    case dnnl_cpu_isa_avx512_mic_4ops: return "avx512_mic_4ops";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    default: return "generic";
  }
}

// info() -> { onednn, isa, runtime, cpus }
static Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const dnnl_version_t* v = dnnl_version();
  Napi::Object out = Napi::Object::New(env);
  out.Set("onednn", std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch));
  out.Set("isa", IsaName(dnnl_get_effective_cpu_isa()));
  out.Set("runtime", v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : v->cpu_runtime == DNNL_RUNTIME_TBB ? "TBB" : "other");
  out.Set("cpus", omp_get_num_procs());
  return out;
}

// setThreads(n, adaptive = true): the most threads any op may use from now on,
// and whether large ops time one thread against n (ChooseThreads) or always use n.
static Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  SetMaxThreads(I32(info[0]));
  g_adaptive = info.Length() < 2 || info[1].IsUndefined() || info[1].As<Napi::Boolean>().Value();
  g_thread_stats.clear();
  return info.Env().Undefined();
}

// setWorkPerThread(kind, value): 0 GEMM multiply-adds, 1 convolution multiply-adds, 2 elements.
static Napi::Value SetWorkPerThread(const Napi::CallbackInfo& info) {
  const int32_t kind = I32(info[0]);
  const double value = info[1].As<Napi::Number>().DoubleValue();
  if (kind < 0 || kind > 2 || !(value > 0)) throw Napi::Error::New(info.Env(), "setWorkPerThread(kind 0..2, value > 0)");
  g_work_per_thread[kind] = value;
  return info.Env().Undefined();
}

// mallocStats(): glibc's mallinfo2() for the whole process (V8's own buffers, Node's ArrayBuffer
// backing stores, oneDNN's scratch): { inUse, mmapped, free } in bytes, or null without glibc 2.33+.
// Live native memory, unlike RSS, which also holds what malloc has freed but kept.
static Napi::Value MallocStats(const Napi::CallbackInfo& info) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
  const struct mallinfo2 m = mallinfo2();
  Napi::Object out = Napi::Object::New(info.Env());
  out.Set("inUse", Napi::Number::New(info.Env(), static_cast<double>(m.uordblks + m.hblkhd)));
  out.Set("mmapped", Napi::Number::New(info.Env(), static_cast<double>(m.hblkhd)));
  out.Set("free", Napi::Number::New(info.Env(), static_cast<double>(m.fordblks)));
  return out;
#else
  return info.Env().Null();
#endif
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("mallocStats", Napi::Function::New(env, MallocStats));
  exports.Set("setWorkPerThread", Napi::Function::New(env, SetWorkPerThread));
  exports.Set("info", Napi::Function::New(env, Info));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("simulateThreadChoice", Napi::Function::New(env, SimulateThreadChoice));
  InitGemm(env, exports);
  InitConv(env, exports);
  InitPool(env, exports);
  InitElementwise(env, exports);
  InitBatchNorm(env, exports);
  InitActivationGrad(env, exports);
  InitSoftmaxCrossEntropy(env, exports);
  return exports;
}

}  // namespace nnlab

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return nnlab::Init(env, exports); }

NODE_API_MODULE(nnlab_native, InitModule)
