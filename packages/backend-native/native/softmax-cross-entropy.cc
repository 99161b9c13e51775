// Softmax cross-entropy in one pass each way: @nnlab/core's
// FUSED_KERNELS.softmaxCrossEntropy and .softmaxCrossEntropyGrad. The
// elementwise formulation (Max, Sub, Exp, Sum, Log, Sub, Multiply, Sum, Neg
// forward and about as many backward) costs a training step more in tfjs's
// per-kernel bookkeeping than in arithmetic: rows are short (10 classes).
// Per row: lse = max + log(sum exp(l - max)); loss = lse * sum(t) - sum(t * l);
// dlogits = dy * (exp(l - lse) * sum(t) - t). Sums in double.
#include <cmath>

#include "common.h"

namespace nnlab {

// log(sum(exp(l))) of one row, with the row's maximum subtracted first.
static double LogSumExp(const float* l, int64_t classes) {
  float max = l[0];
  for (int64_t c = 1; c < classes; c++) max = l[c] > max || std::isnan(l[c]) ? l[c] : max;
  if (!std::isfinite(max)) return max;  // NaN stays NaN; +-Infinity propagates as the elementwise path does
  double sum = 0;
  for (int64_t c = 0; c < classes; c++) sum += std::exp(static_cast<double>(l[c]) - max);
  return max + std::log(sum);
}

// softmaxCrossEntropy(logits, target, loss, rows, classes)
static Napi::Value SoftmaxCrossEntropyFn(const Napi::CallbackInfo& info) {
  const int64_t rows = info[3].As<Napi::Number>().Int64Value();
  const int64_t classes = info[4].As<Napi::Number>().Int64Value();
  const float* logits = F32Sized(info[0], rows * classes, "softmaxCrossEntropy", "logits");
  const float* target = F32Sized(info[1], rows * classes, "softmaxCrossEntropy", "target");
  float* loss = F32Sized(info[2], rows, "softmaxCrossEntropy", "loss");
  for (int64_t r = 0; r < rows; r++) {
    const float* l = logits + r * classes;
    const float* t = target + r * classes;
    const double lse = LogSumExp(l, classes);
    double weight = 0, dot = 0;
    for (int64_t c = 0; c < classes; c++) {
      weight += t[c];
      dot += static_cast<double>(t[c]) * l[c];
    }
    loss[r] = static_cast<float>(lse * weight - dot);
  }
  return info.Env().Undefined();
}

// softmaxCrossEntropyGrad(dy, logits, target, dlogits, rows, classes)
static Napi::Value SoftmaxCrossEntropyGradFn(const Napi::CallbackInfo& info) {
  const int64_t rows = info[4].As<Napi::Number>().Int64Value();
  const int64_t classes = info[5].As<Napi::Number>().Int64Value();
  const float* dy = F32Sized(info[0], rows, "softmaxCrossEntropyGrad", "dy");
  const float* logits = F32Sized(info[1], rows * classes, "softmaxCrossEntropyGrad", "logits");
  const float* target = F32Sized(info[2], rows * classes, "softmaxCrossEntropyGrad", "target");
  float* dlogits = F32Sized(info[3], rows * classes, "softmaxCrossEntropyGrad", "dlogits");
  for (int64_t r = 0; r < rows; r++) {
    const float* l = logits + r * classes;
    const float* t = target + r * classes;
    float* d = dlogits + r * classes;
    const double lse = LogSumExp(l, classes);
    double weight = 0;
    for (int64_t c = 0; c < classes; c++) weight += t[c];
    const double g = dy[r];
    for (int64_t c = 0; c < classes; c++) d[c] = static_cast<float>(g * (std::exp(static_cast<double>(l[c]) - lse) * weight - t[c]));
  }
  return info.Env().Undefined();
}

void InitSoftmaxCrossEntropy(Napi::Env env, Napi::Object exports) {
  exports.Set("softmaxCrossEntropy", Napi::Function::New(env, SoftmaxCrossEntropyFn));
  exports.Set("softmaxCrossEntropyGrad", Napi::Function::New(env, SoftmaxCrossEntropyGradFn));
}

}  // namespace nnlab
