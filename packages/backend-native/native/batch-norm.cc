// Batch normalisation in training mode over the rows of a [rows, channels]
// (channels-last) activation: @nnlab/core's FUSED_KERNELS.batchNormTrain and
// batchNormTrainGrad. Two passes over the activation each way, where the
// elementwise formulation makes four reductions and a dozen elementwise
// passes (cnn3's largest cost after the convolutions). Per-channel sums
// accumulate in double, as PyTorch's CPU batch norm does: ~50,000 rows of
// float32 running sums lose ~1e-4 of their value.
#include <algorithm>
#include <cmath>
#include <vector>

#include "common.h"

namespace nnlab {

// Per-thread column sums of one block of rows: s[c] += x - shift[c], q[c] += (x - shift[c])^2.
__attribute__((target_clones("avx2", "default"))) static void ShiftedMoments(const float* __restrict x, const float* __restrict shift, double* __restrict s,
                                                                             double* __restrict q, int64_t begin, int64_t end, int64_t channels) {
  for (int64_t r = begin; r < end; r++) {
    const float* row = x + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      const double d = static_cast<double>(row[c]) - static_cast<double>(shift[c]);
      s[c] += d;
      q[c] += d * d;
    }
  }
}

// y = (x - mean) * k + offset, k = scale / sqrt(variance + eps), for one block of rows.
__attribute__((target_clones("avx2", "default"))) static void Normalize(const float* __restrict x, const float* __restrict mean, const float* __restrict k,
                                                                        const float* __restrict offset, float* __restrict y, int64_t begin, int64_t end,
                                                                        int64_t channels) {
  for (int64_t r = begin; r < end; r++) {
    const float* row = x + r * channels;
    float* out = y + r * channels;
    for (int64_t c = 0; c < channels; c++) out[c] = (row[c] - mean[c]) * k[c] + offset[c];
  }
}

// Per-thread column sums of dy and dy * xhat, xhat = (x - mean) * invStd.
__attribute__((target_clones("avx2", "default"))) static void GradSums(const float* __restrict dy, const float* __restrict x, const float* __restrict mean,
                                                                       const float* __restrict invStd, double* __restrict sumDy, double* __restrict sumDyXhat,
                                                                       int64_t begin, int64_t end, int64_t channels) {
  for (int64_t r = begin; r < end; r++) {
    const float* g = dy + r * channels;
    const float* row = x + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      const float xhat = (row[c] - mean[c]) * invStd[c];
      sumDy[c] += g[c];
      sumDyXhat[c] += static_cast<double>(g[c]) * static_cast<double>(xhat);
    }
  }
}

// dx = k * (dy - meanDy - xhat * meanDyXhat), k = scale * invStd.
__attribute__((target_clones("avx2", "default"))) static void InputGrad(const float* __restrict dy, const float* __restrict x, const float* __restrict mean,
                                                                        const float* __restrict invStd, const float* __restrict k,
                                                                        const float* __restrict meanDy, const float* __restrict meanDyXhat,
                                                                        float* __restrict dx, int64_t begin, int64_t end, int64_t channels) {
  for (int64_t r = begin; r < end; r++) {
    const float* g = dy + r * channels;
    const float* row = x + r * channels;
    float* out = dx + r * channels;
    for (int64_t c = 0; c < channels; c++) {
      const float xhat = (row[c] - mean[c]) * invStd[c];
      out[c] = k[c] * (g[c] - meanDy[c] - xhat * meanDyXhat[c]);
    }
  }
}

// Runs body(thread, begin, end) over `rows` split evenly across the threads worth using, then
// adds each thread's `width` doubles of partial sums (laid out thread-major in `partial`) into `total`.
template <typename Body>
static void RowsWithPartialSums(int64_t rows, int64_t channels, int64_t width, std::vector<double>& total, Body body) {
  const int threads = static_cast<int>(std::min<int64_t>(std::max<int64_t>(rows, 1), ThreadsFor(static_cast<double>(rows) * channels, WorkPerThread(kElementWork))));
  std::vector<double> partial(static_cast<size_t>(threads * width), 0.0);
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    body(partial.data() + t * width, rows * t / nt, rows * (t + 1) / nt);
  }
  total.assign(static_cast<size_t>(width), 0.0);
  for (int t = 0; t < threads; t++) {
    for (int64_t j = 0; j < width; j++) total[j] += partial[t * width + j];
  }
}

template <typename Body>
static void Rows(int64_t rows, int64_t channels, Body body) {
  const int threads = ThreadsFor(static_cast<double>(rows) * channels, WorkPerThread(kElementWork));
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    body(rows * t / nt, rows * (t + 1) / nt);
  }
}

// batchNormTrain(x, scale, offset, y, mean, variance, rows, channels, eps): the batch's mean and
// biased variance per channel, and y = (x - mean) / sqrt(variance + eps) * scale + offset.
static Napi::Value BatchNormTrainFn(const Napi::CallbackInfo& info) {
  const int64_t rows = I64(info[6]), channels = I64(info[7]);
  const double eps = info[8].As<Napi::Number>().DoubleValue();
  if (rows < 1 || channels < 1) throw Napi::Error::New(info.Env(), "batchNormTrain: rows and channels must be positive");
  const float* x = F32Sized(info[0], rows * channels, "batchNormTrain", "x");
  const float* scale = F32Sized(info[1], channels, "batchNormTrain", "scale");
  const float* offset = F32Sized(info[2], channels, "batchNormTrain", "offset");
  float* y = F32Sized(info[3], rows * channels, "batchNormTrain", "y");
  float* mean = F32Sized(info[4], channels, "batchNormTrain", "mean");
  float* variance = F32Sized(info[5], channels, "batchNormTrain", "variance");
  SignalGuard guard;  // OpenMP regions below
  // Sums of x - x[0] rather than of x: the variance as E[d^2] - E[d]^2 then cancels no large mean.
  const float* shift = x;
  std::vector<double> sums;
  RowsWithPartialSums(rows, channels, 2 * channels, sums, [&](double* part, int64_t begin, int64_t end) {
    ShiftedMoments(x, shift, part, part + channels, begin, end, channels);
  });
  std::vector<float> k(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; c++) {
    const double m = sums[c] / rows;
    const double v = std::max(0.0, sums[channels + c] / rows - m * m);
    mean[c] = static_cast<float>(shift[c] + m);
    variance[c] = static_cast<float>(v);
    k[c] = static_cast<float>(scale[c] / std::sqrt(static_cast<double>(variance[c]) + eps));
  }
  Rows(rows, channels, [&](int64_t begin, int64_t end) { Normalize(x, mean, k.data(), offset, y, begin, end, channels); });
  return info.Env().Undefined();
}

// batchNormTrainGrad(dy, x, scale, mean, variance, dx, dScale, dOffset, rows, channels, eps):
// the closed form PyTorch uses, dOffset = sum(dy), dScale = sum(dy * xhat),
// dx = scale * invStd * (dy - dOffset / n - xhat * dScale / n).
static Napi::Value BatchNormTrainGradFn(const Napi::CallbackInfo& info) {
  const int64_t rows = I64(info[8]), channels = I64(info[9]);
  const double eps = info[10].As<Napi::Number>().DoubleValue();
  if (rows < 1 || channels < 1) throw Napi::Error::New(info.Env(), "batchNormTrainGrad: rows and channels must be positive");
  const float* dy = F32Sized(info[0], rows * channels, "batchNormTrainGrad", "dy");
  const float* x = F32Sized(info[1], rows * channels, "batchNormTrainGrad", "x");
  const float* scale = F32Sized(info[2], channels, "batchNormTrainGrad", "scale");
  const float* mean = F32Sized(info[3], channels, "batchNormTrainGrad", "mean");
  const float* variance = F32Sized(info[4], channels, "batchNormTrainGrad", "variance");
  float* dx = F32Sized(info[5], rows * channels, "batchNormTrainGrad", "dx");
  float* dScale = F32Sized(info[6], channels, "batchNormTrainGrad", "dScale");
  float* dOffset = F32Sized(info[7], channels, "batchNormTrainGrad", "dOffset");
  SignalGuard guard;  // OpenMP regions below
  std::vector<float> invStd(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; c++) invStd[c] = static_cast<float>(1.0 / std::sqrt(static_cast<double>(variance[c]) + eps));
  std::vector<double> sums;
  RowsWithPartialSums(rows, channels, 2 * channels, sums, [&](double* part, int64_t begin, int64_t end) {
    GradSums(dy, x, mean, invStd.data(), part, part + channels, begin, end, channels);
  });
  std::vector<float> k(static_cast<size_t>(channels)), meanDy(static_cast<size_t>(channels)), meanDyXhat(static_cast<size_t>(channels));
  for (int64_t c = 0; c < channels; c++) {
    dOffset[c] = static_cast<float>(sums[c]);
    dScale[c] = static_cast<float>(sums[channels + c]);
    meanDy[c] = static_cast<float>(sums[c] / rows);
    meanDyXhat[c] = static_cast<float>(sums[channels + c] / rows);
    k[c] = scale[c] * invStd[c];
  }
  Rows(rows, channels, [&](int64_t begin, int64_t end) {
    InputGrad(dy, x, mean, invStd.data(), k.data(), meanDy.data(), meanDyXhat.data(), dx, begin, end, channels);
  });
  return info.Env().Undefined();
}

void InitBatchNorm(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNormTrain", Napi::Function::New(env, BatchNormTrainFn));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, BatchNormTrainGradFn));
}

}  // namespace nnlab
