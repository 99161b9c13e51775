// Elementwise float32 kernels: the ops that dominate a training step once
// GEMM and convolution are native (activations, their gradients, optimizer
// arithmetic, bias gradients). Loops are written so GCC vectorises them; the
// hot function is cloned for AVX2 and picked at load time.
#include <vector>
#include <cmath>
#include <cstring>

#include "common.h"

namespace nnlab {


// Op codes shared with src/native-addon.ts.
enum Binary : int32_t { kAdd = 0, kSub = 1, kMul = 2, kDiv = 3, kMaximum = 4, kMinimum = 5, kSquaredDifference = 6 };
enum Compare : int32_t { kGreater = 0, kGreaterEqual = 1, kLess = 2, kLessEqual = 3, kEqual = 4, kNotEqual = 5 };
enum Unary : int32_t { kRelu = 0, kLeakyRelu = 1, kSqrt = 2, kSquare = 3, kNeg = 4, kAbs = 5, kExp = 6, kLog = 7, kSigmoid = 8, kRsqrt = 9, kStep = 10 };
// How b (or a) broadcasts: same shape, scalar, or a row repeated over the other's leading dimensions.
enum Broadcast : int32_t { kSame = 0, kScalarB = 1, kScalarA = 2, kRowB = 3, kRowA = 4 };

template <int32_t OP>
static inline float Apply(float a, float b) {
  if (OP == kAdd) return a + b;
  if (OP == kSub) return a - b;
  if (OP == kMul) return a * b;
  if (OP == kDiv) return a / b;
  // NaN in either operand gives NaN, as Math.max/Math.min do in tfjs-backend-cpu.
  if (OP == kMaximum) return a != a ? a : (a > b ? a : b);
  if (OP == kMinimum) return a != a ? a : (a < b ? a : b);
  float d = a - b;
  return d * d;
}

// out[i] = a[i] op b[i % bn] style loops over [begin, end) of one broadcast mode.
template <int32_t OP>
__attribute__((target_clones("avx2", "default"))) static void BinaryRange(const float* __restrict a, const float* __restrict b, float* __restrict out, int32_t mode,
                                                                          int64_t begin, int64_t end, int64_t row) {
  switch (mode) {
    case kSame:
      for (int64_t i = begin; i < end; i++) out[i] = Apply<OP>(a[i], b[i]);
      break;
    case kScalarB: {
      const float s = b[0];
      for (int64_t i = begin; i < end; i++) out[i] = Apply<OP>(a[i], s);
      break;
    }
    case kScalarA: {
      const float s = a[0];
      for (int64_t i = begin; i < end; i++) out[i] = Apply<OP>(s, b[i]);
      break;
    }
    case kRowB:  // begin and end are multiples of row
      for (int64_t r = begin; r < end; r += row)
        for (int64_t j = 0; j < row; j++) out[r + j] = Apply<OP>(a[r + j], b[j]);
      break;
    case kRowA:
      for (int64_t r = begin; r < end; r += row)
        for (int64_t j = 0; j < row; j++) out[r + j] = Apply<OP>(a[j], b[r + j]);
      break;
  }
}

template <int32_t OP>
static void BinaryOp(const float* a, const float* b, float* out, int32_t mode, int64_t total, int64_t row) {
  const int threads = ThreadsFor(static_cast<double>(total), WorkPerThread(kElementWork));
  if (threads == 1) return BinaryRange<OP>(a, b, out, mode, 0, total, row);
  SignalGuard guard;
  const int64_t unit = (mode == kRowA || mode == kRowB) ? row : 16;
  const int64_t units = (total + unit - 1) / unit;
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t begin = units * t / nt * unit, end = std::min<int64_t>(total, units * (t + 1) / nt * unit);
    if (begin < end) BinaryRange<OP>(a, b, out, mode, begin, end, row);
  }
}

// What a and b must hold for `mode` over an output of `total` values (see Broadcast).
static void RequireOperands(const Napi::CallbackInfo& info, const char* kernel, int32_t mode, int64_t total, int64_t row) {
  const size_t la = F32Length(info[1]), lb = F32Length(info[2]);
  if (mode < kSame || mode > kRowA) throw Napi::Error::New(info.Env(), std::string(kernel) + ": unknown broadcast mode " + std::to_string(mode));
  if ((mode == kRowA || mode == kRowB) && (row <= 0 || total % row != 0)) throw Napi::Error::New(info.Env(), std::string(kernel) + ": the row length must divide the output");
  RequireSize(info.Env(), la, mode == kScalarA ? 1 : mode == kRowA ? row : total, kernel, "a");
  RequireSize(info.Env(), lb, mode == kScalarB ? 1 : mode == kRowB ? row : total, kernel, "b");
}

// binary(op, a, b, out, mode, row): out = a op b; `row` is the repeated row's length for kRowA/kRowB.
static Napi::Value BinaryFn(const Napi::CallbackInfo& info) {
  const int32_t op = I32(info[0]);
  const float* a = F32(info[1]);
  const float* b = F32(info[2]);
  float* out = F32(info[3]);
  const int32_t mode = I32(info[4]);
  const int64_t row = I64(info[5]);
  const int64_t total = static_cast<int64_t>(F32Length(info[3]));
  RequireOperands(info, "binary", mode, total, row);
  switch (op) {
    case kAdd: BinaryOp<kAdd>(a, b, out, mode, total, row); break;
    case kSub: BinaryOp<kSub>(a, b, out, mode, total, row); break;
    case kMul: BinaryOp<kMul>(a, b, out, mode, total, row); break;
    case kDiv: BinaryOp<kDiv>(a, b, out, mode, total, row); break;
    case kMaximum: BinaryOp<kMaximum>(a, b, out, mode, total, row); break;
    case kMinimum: BinaryOp<kMinimum>(a, b, out, mode, total, row); break;
    case kSquaredDifference: BinaryOp<kSquaredDifference>(a, b, out, mode, total, row); break;
    default: throw Napi::Error::New(info.Env(), "unknown binary op " + std::to_string(op));
  }
  return info.Env().Undefined();
}

// General broadcasting: out[i] = a[ia] op b[ib], with per-dimension element
// strides of a and b (0 where that operand is broadcast).
template <int32_t OP>
__attribute__((target_clones("avx2", "default"))) static void StridedRow(const float* __restrict a, const float* __restrict b, float* __restrict out, int64_t n, int64_t sa, int64_t sb) {
  if (sa == 1 && sb == 1) {
    for (int64_t j = 0; j < n; j++) out[j] = Apply<OP>(a[j], b[j]);
  } else if (sa == 0 && sb == 1) {
    const float x = a[0];
    for (int64_t j = 0; j < n; j++) out[j] = Apply<OP>(x, b[j]);
  } else if (sa == 1 && sb == 0) {
    const float y = b[0];
    for (int64_t j = 0; j < n; j++) out[j] = Apply<OP>(a[j], y);
  } else {
    for (int64_t j = 0; j < n; j++) out[j] = Apply<OP>(a[j * sa], b[j * sb]);
  }
}

template <int32_t OP>
static void StridedOp(const float* a, const float* b, float* out, const int32_t* shape, const int32_t* sa, const int32_t* sb, int rank) {
  int64_t rows = 1;
  for (int d = 0; d < rank - 1; d++) rows *= shape[d];
  const int64_t n = shape[rank - 1];
  int64_t index[8] = {0};
  int64_t offA = 0, offB = 0;
  for (int64_t r = 0; r < rows; r++) {
    StridedRow<OP>(a + offA, b + offB, out + r * n, n, sa[rank - 1], sb[rank - 1]);
    // Odometer over the leading dimensions.
    for (int d = rank - 2; d >= 0; d--) {
      index[d]++;
      offA += sa[d];
      offB += sb[d];
      if (index[d] < shape[d]) break;
      offA -= sa[d] * shape[d];
      offB -= sb[d] * shape[d];
      index[d] = 0;
    }
  }
}

// binaryStrided(op, a, b, out, shape, aStrides, bStrides): any broadcast, rank 1..8.
static Napi::Value BinaryStridedFn(const Napi::CallbackInfo& info) {
  const int32_t op = I32(info[0]);
  const float* a = F32(info[1]);
  const float* b = F32(info[2]);
  float* out = F32(info[3]);
  Napi::Int32Array shape = info[4].As<Napi::Int32Array>(), sa = info[5].As<Napi::Int32Array>(), sb = info[6].As<Napi::Int32Array>();
  const int rank = static_cast<int>(shape.ElementLength());
  if (rank < 1 || rank > 8 || sa.ElementLength() != shape.ElementLength() || sb.ElementLength() != shape.ElementLength()) {
    throw Napi::Error::New(info.Env(), "binaryStrided needs shape and strides of one rank in 1..8");
  }
  // The output's size, and one past the last element each operand's strides reach.
  int64_t total = 1, lastA = 0, lastB = 0;
  for (int d = 0; d < rank; d++) {
    if (shape[d] < 0 || sa[d] < 0 || sb[d] < 0) throw Napi::Error::New(info.Env(), "binaryStrided: negative shape or stride");
    total *= shape[d];
    lastA += int64_t(shape[d] > 0 ? shape[d] - 1 : 0) * sa[d];
    lastB += int64_t(shape[d] > 0 ? shape[d] - 1 : 0) * sb[d];
  }
  RequireSize(info.Env(), F32Length(info[3]), total, "binaryStrided", "out");
  if (total > 0) {
    RequireSize(info.Env(), F32Length(info[1]), lastA + 1, "binaryStrided", "a");
    RequireSize(info.Env(), F32Length(info[2]), lastB + 1, "binaryStrided", "b");
  }
  switch (op) {
    case kAdd: StridedOp<kAdd>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    case kSub: StridedOp<kSub>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    case kMul: StridedOp<kMul>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    case kDiv: StridedOp<kDiv>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    case kMaximum: StridedOp<kMaximum>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    case kMinimum: StridedOp<kMinimum>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    case kSquaredDifference: StridedOp<kSquaredDifference>(a, b, out, shape.Data(), sa.Data(), sb.Data(), rank); break;
    default: throw Napi::Error::New(info.Env(), "unknown binary op " + std::to_string(op));
  }
  return info.Env().Undefined();
}

template <int32_t OP>
static inline bool Test(float a, float b) {
  if (OP == kGreater) return a > b;
  if (OP == kGreaterEqual) return a >= b;
  if (OP == kLess) return a < b;
  if (OP == kLessEqual) return a <= b;
  if (OP == kEqual) return a == b;
  return a != b;
}

template <int32_t OP>
__attribute__((target_clones("avx2", "default"))) static void CompareRange(const float* __restrict a, const float* __restrict b, uint8_t* __restrict out, int32_t mode, int64_t total,
                                                                           int64_t row) {
  switch (mode) {
    case kSame:
      for (int64_t i = 0; i < total; i++) out[i] = Test<OP>(a[i], b[i]);
      break;
    case kScalarB:
      for (int64_t i = 0; i < total; i++) out[i] = Test<OP>(a[i], b[0]);
      break;
    case kScalarA:
      for (int64_t i = 0; i < total; i++) out[i] = Test<OP>(a[0], b[i]);
      break;
    case kRowB:
      for (int64_t r = 0; r < total; r += row)
        for (int64_t j = 0; j < row; j++) out[r + j] = Test<OP>(a[r + j], b[j]);
      break;
    case kRowA:
      for (int64_t r = 0; r < total; r += row)
        for (int64_t j = 0; j < row; j++) out[r + j] = Test<OP>(a[j], b[r + j]);
      break;
  }
}

// compare(op, a, b, out: Uint8Array, mode, row)
static Napi::Value CompareFn(const Napi::CallbackInfo& info) {
  const int32_t op = I32(info[0]);
  const float* a = F32(info[1]);
  const float* b = F32(info[2]);
  Napi::Uint8Array outArray = info[3].As<Napi::Uint8Array>();
  uint8_t* out = outArray.Data();
  const int32_t mode = I32(info[4]);
  const int64_t row = I64(info[5]);
  const int64_t total = static_cast<int64_t>(outArray.ElementLength());
  RequireOperands(info, "compare", mode, total, row);
  switch (op) {
    case kGreater: CompareRange<kGreater>(a, b, out, mode, total, row); break;
    case kGreaterEqual: CompareRange<kGreaterEqual>(a, b, out, mode, total, row); break;
    case kLess: CompareRange<kLess>(a, b, out, mode, total, row); break;
    case kLessEqual: CompareRange<kLessEqual>(a, b, out, mode, total, row); break;
    case kEqual: CompareRange<kEqual>(a, b, out, mode, total, row); break;
    case kNotEqual: CompareRange<kNotEqual>(a, b, out, mode, total, row); break;
    default: throw Napi::Error::New(info.Env(), "unknown compare op " + std::to_string(op));
  }
  return info.Env().Undefined();
}

__attribute__((target_clones("avx2", "default"))) static void UnaryRange(int32_t op, const float* __restrict x, float* __restrict out, int64_t begin, int64_t end,
                                                                         float alpha) {
  switch (op) {
    case kRelu:
      for (int64_t i = begin; i < end; i++) {
        const float v = x[i];
        out[i] = v < 0.f ? 0.f : v;  // NaN stays NaN, as in tfjs-backend-cpu
      }
      break;
    case kLeakyRelu:
      for (int64_t i = begin; i < end; i++) {
        const float v = x[i];
        out[i] = v < 0.f ? v * alpha : v;
      }
      break;
    case kSqrt:
      for (int64_t i = begin; i < end; i++) out[i] = std::sqrt(x[i]);
      break;
    case kSquare:
      for (int64_t i = begin; i < end; i++) out[i] = x[i] * x[i];
      break;
    case kNeg:
      for (int64_t i = begin; i < end; i++) out[i] = -x[i];
      break;
    case kAbs:
      for (int64_t i = begin; i < end; i++) out[i] = std::fabs(x[i]);
      break;
    case kExp:
      for (int64_t i = begin; i < end; i++) out[i] = std::exp(x[i]);
      break;
    case kLog:
      for (int64_t i = begin; i < end; i++) out[i] = std::log(x[i]);
      break;
    case kSigmoid:
      for (int64_t i = begin; i < end; i++) out[i] = 1.f / (1.f + std::exp(-x[i]));
      break;
    case kRsqrt:
      for (int64_t i = begin; i < end; i++) out[i] = 1.f / std::sqrt(x[i]);
      break;
    case kStep:  // tfjs Step: alpha for x <= 0, 1 above, NaN stays NaN
      for (int64_t i = begin; i < end; i++) {
        const float v = x[i];
        out[i] = v != v ? v : (v > 0.f ? 1.f : alpha);
      }
      break;
  }
}

// unary(op, x, out, alpha)
static Napi::Value UnaryFn(const Napi::CallbackInfo& info) {
  const int32_t op = I32(info[0]);
  const float* x = F32(info[1]);
  float* out = F32(info[2]);
  const float alpha = F(info[3]);
  const int64_t total = static_cast<int64_t>(F32Length(info[2]));
  RequireSize(info.Env(), F32Length(info[1]), total, "unary", "x");
  if (op < kRelu || op > kStep) throw Napi::Error::New(info.Env(), "unknown unary op " + std::to_string(op));
  const int threads = ThreadsFor(static_cast<double>(total), WorkPerThread(kElementWork));
  if (threads == 1) {
    UnaryRange(op, x, out, 0, total, alpha);
  } else {
    SignalGuard guard;
#pragma omp parallel num_threads(threads)
    {
      const int t = omp_get_thread_num(), nt = omp_get_num_threads();
      const int64_t begin = total * t / nt / 16 * 16, end = t + 1 == nt ? total : total * (t + 1) / nt / 16 * 16;
      UnaryRange(op, x, out, begin, end, alpha);
    }
  }
  return info.Env().Undefined();
}

// castBoolToFloat(x: Uint8Array, out: Float32Array)
static Napi::Value CastBool(const Napi::CallbackInfo& info) {
  Napi::Uint8Array x = info[0].As<Napi::Uint8Array>();
  float* out = F32(info[1]);
  const uint8_t* p = x.Data();
  const int64_t total = static_cast<int64_t>(x.ElementLength());
  RequireSize(info.Env(), F32Length(info[1]), total, "castBoolToFloat", "out");
  for (int64_t i = 0; i < total; i++) out[i] = p[i] != 0 ? 1.f : 0.f;
  return info.Env().Undefined();
}

// Column sums accumulate in double, as the inner == 1 case below does: batch norm's statistics and
// gradients sum ~50,000 rows, and a float32 running sum loses ~1e-4 of them, enough to move cnn3's
// first-layer gradients by 10% (PyTorch's CPU kernels accumulate these in double too).
__attribute__((target_clones("avx2", "default"))) static void SumColumns(const float* __restrict x, float* __restrict out, int64_t reduce, int64_t inner,
                                                                         int64_t begin, int64_t end) {
  std::vector<double> acc(static_cast<size_t>(end - begin), 0.0);
  double* __restrict a = acc.data();
  for (int64_t r = 0; r < reduce; r++) {
    const float* row = x + r * inner + begin;
    for (int64_t j = 0; j < end - begin; j++) a[j] += row[j];
  }
  for (int64_t j = begin; j < end; j++) out[j] = static_cast<float>(a[j - begin]);
}

// sum(x, out, outer, reduce, inner): out[o, i] = sum over r of x[o, r, i].
static Napi::Value SumFn(const Napi::CallbackInfo& info) {
  const int64_t outer = I64(info[2]), reduce = I64(info[3]), inner = I64(info[4]);
  if (outer < 0 || reduce < 0 || inner < 0) throw Napi::Error::New(info.Env(), "sum: sizes must be non-negative");
  const float* x = F32Sized(info[0], outer * reduce * inner, "sum", "x");
  float* out = F32Sized(info[1], outer * inner, "sum", "out");
  const int threads = ThreadsFor(static_cast<double>(outer) * reduce * inner, WorkPerThread(kElementWork));
  SignalGuard guard;  // OpenMP regions below
  if (inner == 1) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int64_t o = 0; o < outer; o++) {
      const float* p = x + o * reduce;
      double s = 0;
      for (int64_t r = 0; r < reduce; r++) s += p[r];
      out[o] = static_cast<float>(s);
    }
  } else if (outer >= threads) {
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int64_t o = 0; o < outer; o++) SumColumns(x + o * reduce * inner, out + o * inner, reduce, inner, 0, inner);
  } else {
    // One block: split the columns across threads.
    const int64_t chunk = (inner + threads - 1) / threads;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
    for (int t = 0; t < threads; t++) {
      const int64_t begin = t * chunk, end = std::min<int64_t>(inner, begin + chunk);
      for (int64_t o = 0; o < outer && begin < end; o++) SumColumns(x + o * reduce * inner, out + o * inner, reduce, inner, begin, end);
    }
  }
  return info.Env().Undefined();
}

__attribute__((target_clones("avx2", "default"))) static void SelectRange(const uint8_t* __restrict c, const float* __restrict t, const float* __restrict e, float* __restrict out, int64_t begin,
                                                                          int64_t end) {
  for (int64_t i = begin; i < end; i++) out[i] = c[i] ? t[i] : e[i];
}

// select(condition: Uint8Array, t, e, out): out = condition ? t : e, all the same shape.
static Napi::Value SelectFn(const Napi::CallbackInfo& info) {
  const uint8_t* c = info[0].As<Napi::Uint8Array>().Data();
  const float* t = F32(info[1]);
  const float* e = F32(info[2]);
  float* out = F32(info[3]);
  const int64_t total = static_cast<int64_t>(F32Length(info[3]));
  RequireSize(info.Env(), info[0].As<Napi::Uint8Array>().ElementLength(), total, "select", "condition");
  RequireSize(info.Env(), F32Length(info[1]), total, "select", "t");
  RequireSize(info.Env(), F32Length(info[2]), total, "select", "e");
  const int threads = ThreadsFor(static_cast<double>(total), WorkPerThread(kElementWork));
  SignalGuard guard;  // the OpenMP region below
#pragma omp parallel num_threads(threads) if (threads > 1)
  {
    const int k = omp_get_thread_num(), nt = omp_get_num_threads();
    SelectRange(c, t, e, out, total * k / nt, total * (k + 1) / nt);
  }
  return info.Env().Undefined();
}

// The largest exponent field in x: 0x7f800000 exactly when some value is NaN or +-Infinity.
// An unsigned max over integers, which GCC vectorises (a float test would need -ffast-math,
// under which x != x and x - x stop meaning anything).
__attribute__((target_clones("avx2", "default"))) static uint32_t MaxExponent(const uint32_t* __restrict x, int64_t n) {
  uint32_t most = 0;
  for (int64_t i = 0; i < n; i++) {
    const uint32_t exponent = x[i] & 0x7f800000u;
    most = exponent > most ? exponent : most;
  }
  return most;
}

// allFinite(x: Float32Array): true when no value is NaN or +-Infinity (@nnlab/core's NnlabAllFinite).
static Napi::Value AllFiniteFn(const Napi::CallbackInfo& info) {
  Napi::Float32Array x = info[0].As<Napi::Float32Array>();
  const uint32_t* bits = reinterpret_cast<const uint32_t*>(x.Data());
  return Napi::Boolean::New(info.Env(), MaxExponent(bits, static_cast<int64_t>(x.ElementLength())) != 0x7f800000u);
}

// The fused optimizer updates of @nnlab/core's FUSED_KERNELS: the same float32
// operations, in the same order, as @nnlab/optimizers' elementwise fallback.
__attribute__((target_clones("avx2", "default"))) static void AdamRange(const float* __restrict g, const float* __restrict m, const float* __restrict v,
                                                                        float* __restrict outM, float* __restrict outV, float* __restrict dir,
                                                                        int64_t begin, int64_t end, float b1, float c1, float b2, float c2,
                                                                        float eps, float scale) {
  for (int64_t i = begin; i < end; i++) {
    const float gi = g[i];
    const float mi = m[i] * b1 + gi * c1;
    const float vi = v[i] * b2 + (gi * gi) * c2;
    outM[i] = mi;
    outV[i] = vi;
    dir[i] = (mi / (std::sqrt(vi) + eps)) * scale;
  }
}

__attribute__((target_clones("avx2", "default"))) static void AdagradRange(const float* __restrict g, const float* __restrict sum,
                                                                           float* __restrict outSum, float* __restrict dir, int64_t begin,
                                                                           int64_t end, float eps, float scale) {
  for (int64_t i = begin; i < end; i++) {
    const float gi = g[i];
    const float si = sum[i] + gi * gi;
    outSum[i] = si;
    dir[i] = (gi / (std::sqrt(si) + eps)) * scale;
  }
}

// Splits [0, n) across threads (in multiples of 16) and calls body(begin, end).
template <typename F>
static void Split(int64_t n, F body) {
  const int threads = ThreadsFor(static_cast<double>(n), WorkPerThread(kElementWork));
  if (threads == 1) return body(0, n);
  SignalGuard guard;
#pragma omp parallel num_threads(threads)
  {
    const int t = omp_get_thread_num(), nt = omp_get_num_threads();
    const int64_t begin = n * t / nt / 16 * 16, end = t + 1 == nt ? n : n * (t + 1) / nt / 16 * 16;
    body(begin, end);
  }
}

// adamUpdate(g, m, v, outM, outV, direction, beta1, 1 - beta1, beta2, 1 - beta2, epsilon, scale)
static Napi::Value AdamFn(const Napi::CallbackInfo& info) {
  const float *g = F32(info[0]), *m = F32(info[1]), *v = F32(info[2]);
  float *outM = F32(info[3]), *outV = F32(info[4]), *dir = F32(info[5]);
  const float b1 = F(info[6]), c1 = F(info[7]), b2 = F(info[8]), c2 = F(info[9]), eps = F(info[10]), scale = F(info[11]);
  const int64_t n = static_cast<int64_t>(F32Length(info[0]));
  for (int i = 1; i <= 5; i++) RequireSize(info.Env(), F32Length(info[i]), n, "adamUpdate", "m, v and the outputs");
  Split(n, [&](int64_t begin, int64_t end) { AdamRange(g, m, v, outM, outV, dir, begin, end, b1, c1, b2, c2, eps, scale); });
  return info.Env().Undefined();
}

// adagradUpdate(g, sum, outSum, direction, epsilon, scale)
static Napi::Value AdagradFn(const Napi::CallbackInfo& info) {
  const float *g = F32(info[0]), *sum = F32(info[1]);
  float *outSum = F32(info[2]), *dir = F32(info[3]);
  const float eps = F(info[4]), scale = F(info[5]);
  const int64_t n = static_cast<int64_t>(F32Length(info[0]));
  for (int i = 1; i <= 3; i++) RequireSize(info.Env(), F32Length(info[i]), n, "adagradUpdate", "sum and the outputs");
  Split(n, [&](int64_t begin, int64_t end) { AdagradRange(g, sum, outSum, dir, begin, end, eps, scale); });
  return info.Env().Undefined();
}

void InitElementwise(Napi::Env env, Napi::Object exports) {
  exports.Set("adamUpdate", Napi::Function::New(env, AdamFn));
  exports.Set("adagradUpdate", Napi::Function::New(env, AdagradFn));
  exports.Set("select", Napi::Function::New(env, SelectFn));
  exports.Set("allFinite", Napi::Function::New(env, AllFiniteFn));
  exports.Set("binary", Napi::Function::New(env, BinaryFn));
  exports.Set("binaryStrided", Napi::Function::New(env, BinaryStridedFn));
  exports.Set("compare", Napi::Function::New(env, CompareFn));
  exports.Set("unary", Napi::Function::New(env, UnaryFn));
  exports.Set("castBoolToFloat", Napi::Function::New(env, CastBool));
  exports.Set("sum", Napi::Function::New(env, SumFn));
}

}  // namespace nnlab
