// The ReLU gradient in one pass: @nnlab/core's FUSED_KERNELS.reluGrad,
// dx = dy * (x > 0 ? 1 : 0). A multiply rather than a select, as the
// elementwise formulation (Greater, Cast, Multiply: three passes) computes
// it: a NaN or infinite dy stays NaN where x <= 0, so the trainer's
// finiteness check still sees it.
#include "common.h"

namespace nnlab {

__attribute__((target_clones("avx2", "default"))) static void ReluGradRange(const float* __restrict dy, const float* __restrict x, float* __restrict dx,
                                                                            int64_t begin, int64_t end) {
  for (int64_t i = begin; i < end; i++) dx[i] = dy[i] * (x[i] > 0.f ? 1.f : 0.f);
}

// reluGrad(dy, x, dx), all the same length.
static Napi::Value ReluGradFn(const Napi::CallbackInfo& info) {
  const int64_t total = static_cast<int64_t>(F32Length(info[2]));
  const float* dy = F32Sized(info[0], total, "reluGrad", "dy");
  const float* x = F32Sized(info[1], total, "reluGrad", "x");
  float* dx = F32(info[2]);
  const int threads = ThreadsFor(static_cast<double>(total), WorkPerThread(kElementWork));
  SignalGuard guard;  // the OpenMP region below
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int k = omp_get_thread_num(), nt = omp_get_num_threads();
    ReluGradRange(dy, x, dx, total * k / nt, total * (k + 1) / nt);
  }
  return info.Env().Undefined();
}

void InitActivationGrad(Napi::Env env, Napi::Object exports) { exports.Set("reluGrad", Napi::Function::New(env, ReluGradFn)); }

}  // namespace nnlab
