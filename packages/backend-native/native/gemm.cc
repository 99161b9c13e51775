// Batched matrix multiply on oneDNN's sgemm, with an optional fused bias and
// activation epilogue (tfjs' BatchMatMul and _FusedMatMul).
#include <dnnl.hpp>

#include "common.h"

namespace nnlab {


static void Epilogue(float* c, int64_t rows, int64_t n, const float* bias, int32_t biasMode, int32_t act, float alpha) {
  const int64_t total = rows * n;
  const int threads = ThreadsFor(static_cast<double>(total), WorkPerThread(kElementWork));
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t r = 0; r < rows; r++) {
    float* row = c + r * n;
    if (biasMode == 1) {
      for (int64_t j = 0; j < n; j++) row[j] += bias[j];
    } else if (biasMode == 2) {
      const float b = bias[0];
      for (int64_t j = 0; j < n; j++) row[j] += b;
    }
    if (act == kActRelu) {
      for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0.f ? 0.f : row[j];  // NaN stays NaN, as in tfjs-backend-cpu
    } else if (act == kActLeakyRelu) {
      for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0.f ? row[j] * alpha : row[j];
    }
  }
}

// matmul(a, b, out, batch, batchA, batchB, m, n, k, transA, transB, bias, biasMode, activation, alpha)
// a: [batchA, m, k] (or [batchA, k, m] when transA), b: [batchB, k, n] (or
// [batchB, n, k]); batchA and batchB are `batch` or 1 (broadcast).
// biasMode: 0 none, 1 a row of n values, 2 a scalar.
static Napi::Value MatMul(const Napi::CallbackInfo& info) {
  const int64_t batch = I64(info[3]), batchA = I64(info[4]), batchB = I64(info[5]);
  const int64_t m = I64(info[6]), n = I64(info[7]), k = I64(info[8]);
  if (batch < 0 || m < 0 || n < 0 || k < 0 || (batchA != 1 && batchA != batch) || (batchB != 1 && batchB != batch)) {
    throw Napi::Error::New(info.Env(), "matmul: sizes must be non-negative and each batch 1 or the output's");
  }
  const float* a = F32Sized(info[0], batchA * m * k, "matmul", "a");
  const float* b = F32Sized(info[1], batchB * k * n, "matmul", "b");
  float* out = F32Sized(info[2], batch * m * n, "matmul", "out");
  const bool transA = info[9].As<Napi::Boolean>().Value();
  const bool transB = info[10].As<Napi::Boolean>().Value();
  const float* bias = F32OrNull(info[11]);
  const int32_t biasMode = bias == nullptr ? 0 : I32(info[12]);
  if (bias != nullptr) RequireSize(info.Env(), F32Length(info[11]), biasMode == 1 ? n : 1, "matmul", "bias");
  const int32_t act = I32(info[13]);
  const float alpha = F(info[14]);

  uint64_t key = HashMix(HashMix(HashMix(HashMix(1, m), n), k), batch * 4 + transA * 2 + transB);
  const int threads = ChooseThreads(key, ThreadsFor(static_cast<double>(m) * n * k * batch, WorkPerThread(kGemmWork)));
  SignalGuard guard;
  ThreadTimer timer(key, threads);
  omp_set_num_threads(threads);
  const int64_t lda = transA ? m : k, ldb = transB ? k : n;
  for (int64_t i = 0; i < batch; i++) {
    const float* ai = a + (batchA == 1 ? 0 : i) * m * k;
    const float* bi = b + (batchB == 1 ? 0 : i) * k * n;
    float* ci = out + i * m * n;
    if (k == 0) {
      for (int64_t j = 0; j < m * n; j++) ci[j] = 0.f;
      continue;
    }
    dnnl_status_t status = dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, 1.f, ai, lda, bi, ldb, 0.f, ci, n);
    if (status != dnnl_success) {
      Napi::Error::New(info.Env(), "dnnl_sgemm failed with status " + std::to_string(status)).ThrowAsJavaScriptException();
      return info.Env().Undefined();
    }
  }
  if (biasMode != 0 || act != kActLinear) Epilogue(out, batch * m, n, bias, biasMode, act, alpha);
  return info.Env().Undefined();
}

void InitGemm(Napi::Env env, Napi::Object exports) { exports.Set("matmul", Napi::Function::New(env, MatMul)); }

}  // namespace nnlab
