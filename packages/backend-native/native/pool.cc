// 2-D max and average pooling (NHWC, float32) and their gradients, with the
// exact semantics of tfjs-backend-cpu: max windows start at -Infinity and keep
// the first strictly greater value (NaN never wins); average windows divide by
// the number of in-bounds inputs, while AvgPoolGrad divides by the full window
// size (autodiff pre-scales dy to make the gradient exact).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "common.h"

namespace nnlab {


// [n, h, w, c, oh, ow, kh, kw, strideH, strideW, padTop, padLeft], from src/kernels/pool-params.ts
struct PoolShape {
  int64_t n, h, w, c, oh, ow, kh, kw, sh, sw, pt, pl;
  double Work() const { return double(n) * oh * ow * c * kh * kw; }
  int64_t In() const { return n * h * w * c; }
  int64_t Out() const { return n * oh * ow * c; }
};

static PoolShape ReadPool(const Napi::Value& value) {
  Napi::Int32Array p = value.As<Napi::Int32Array>();
  if (p.ElementLength() != 12) throw Napi::Error::New(value.Env(), "pool params must have 12 entries");
  for (int i = 0; i < 12; i++)
    if (p[i] < 0 || (i >= 6 && i < 10 && p[i] == 0)) throw Napi::Error::New(value.Env(), "pool params must be non-negative, window and strides positive");
  return {p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]};
}

// Calls body(n, oy, ox, y0, y1, x0, x1) for every output pixel, the batch split across threads.
template <typename F>
static void ForEachWindow(const PoolShape& s, F body) {
  const int threads = std::min<int64_t>(ThreadsFor(s.Work(), WorkPerThread(kElementWork)), s.n);
  SignalGuard guard;
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t n = 0; n < s.n; n++) {
    for (int64_t oy = 0; oy < s.oh; oy++) {
      const int64_t yc = oy * s.sh - s.pt;
      const int64_t y0 = std::max<int64_t>(0, yc), y1 = std::min<int64_t>(s.h, yc + s.kh);
      for (int64_t ox = 0; ox < s.ow; ox++) {
        const int64_t xc = ox * s.sw - s.pl;
        const int64_t x0 = std::max<int64_t>(0, xc), x1 = std::min<int64_t>(s.w, xc + s.kw);
        body(n, oy, ox, y0, y1, x0, x1);
      }
    }
  }
}

// maxPool(x, out, params)
static Napi::Value MaxPool(const Napi::CallbackInfo& info) {
  const PoolShape s = ReadPool(info[2]);
  const float* x = F32Sized(info[0], s.In(), "maxPool", "x");
  float* out = F32Sized(info[1], s.Out(), "maxPool", "out");
  ForEachWindow(s, [&](int64_t n, int64_t oy, int64_t ox, int64_t y0, int64_t y1, int64_t x0, int64_t x1) {
    float* o = out + ((n * s.oh + oy) * s.ow + ox) * s.c;
    for (int64_t c = 0; c < s.c; c++) o[c] = -std::numeric_limits<float>::infinity();
    for (int64_t y = y0; y < y1; y++)
      for (int64_t xx = x0; xx < x1; xx++) {
        const float* p = x + ((n * s.h + y) * s.w + xx) * s.c;
        for (int64_t c = 0; c < s.c; c++) o[c] = p[c] > o[c] ? p[c] : o[c];
      }
  });
  return info.Env().Undefined();
}

// One window pixel of the running arg-max: a float and an int32 blend per
// channel, which AVX2 does 8 lanes at a time (a branch per channel
// mispredicted half the time on real activations and cost 5x).
__attribute__((target_clones("avx2", "default"))) static void ArgMaxStep(const float* __restrict p, float* __restrict best,
                                                                         int32_t* __restrict where, int32_t position, int64_t width) {
  for (int64_t c = 0; c < width; c++) {
    const bool greater = p[c] > best[c];
    best[c] = greater ? p[c] : best[c];
    where[c] = greater ? position : where[c];
  }
}

// out[c] = dy[c] where pixel `position` won channel c, else 0.
__attribute__((target_clones("avx2", "default"))) static void RouteStep(const float* __restrict g, const int32_t* __restrict where,
                                                                        int32_t position, float* __restrict out, int64_t width) {
  for (int64_t c = 0; c < width; c++) out[c] = where[c] == position ? g[c] : 0.f;
}

// maxPoolGrad(dy, x, dx, params): dx gets each window's dy at the window's first maximum.
static Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  const PoolShape s = ReadPool(info[3]);
  const float* dy = F32Sized(info[0], s.Out(), "maxPoolGrad", "dy");
  const float* x = F32Sized(info[1], s.In(), "maxPoolGrad", "x");
  float* dx = F32Sized(info[2], s.In(), "maxPoolGrad", "dx");
  if (s.kh * s.kw > 1024) throw Napi::Error::New(info.Env(), "maxPoolGrad supports windows of at most 1024 pixels");
  std::memset(dx, 0, sizeof(float) * s.n * s.h * s.w * s.c);
  const bool disjoint = s.sh >= s.kh && s.sw >= s.kw;
  ForEachWindow(s, [&](int64_t n, int64_t oy, int64_t ox, int64_t y0, int64_t y1, int64_t x0, int64_t x1) {
    const float* g = dy + ((n * s.oh + oy) * s.ow + ox) * s.c;
    int64_t bases[1024];  // offset of each window pixel, in scan order
    int32_t pixels = 0;
    for (int64_t y = y0; y < y1; y++)
      for (int64_t xx = x0; xx < x1; xx++) bases[pixels++] = ((n * s.h + y) * s.w + xx) * s.c;
    // Channels in blocks, so the running maxima live on the stack.
    constexpr int64_t kBlock = 64;
    float best[kBlock];
    int32_t where[kBlock];
    for (int64_t c0 = 0; c0 < s.c; c0 += kBlock) {
      const int64_t width = std::min(kBlock, s.c - c0);
      for (int64_t c = 0; c < width; c++) {
        best[c] = -std::numeric_limits<float>::infinity();
        where[c] = -1;
      }
      for (int32_t k = 0; k < pixels; k++) ArgMaxStep(x + bases[k] + c0, best, where, k, width);
      if (disjoint) {
        // Each input pixel is in this window only: write it once, no read-modify-write.
        for (int32_t k = 0; k < pixels; k++) RouteStep(g + c0, where, k, dx + bases[k] + c0, width);
      } else {
        for (int64_t c = 0; c < width; c++)
          if (where[c] >= 0) dx[bases[where[c]] + c0 + c] += g[c0 + c];
      }
    }
  });
  return info.Env().Undefined();
}

// avgPool(x, out, params)
static Napi::Value AvgPool(const Napi::CallbackInfo& info) {
  const PoolShape s = ReadPool(info[2]);
  const float* x = F32Sized(info[0], s.In(), "avgPool", "x");
  float* out = F32Sized(info[1], s.Out(), "avgPool", "out");
  ForEachWindow(s, [&](int64_t n, int64_t oy, int64_t ox, int64_t y0, int64_t y1, int64_t x0, int64_t x1) {
    float* o = out + ((n * s.oh + oy) * s.ow + ox) * s.c;
    for (int64_t c = 0; c < s.c; c++) o[c] = 0.f;
    for (int64_t y = y0; y < y1; y++)
      for (int64_t xx = x0; xx < x1; xx++) {
        const float* p = x + ((n * s.h + y) * s.w + xx) * s.c;
        for (int64_t c = 0; c < s.c; c++) o[c] += p[c];
      }
    // A window entirely in the padding has y1 < y0 (or x1 < x0): no inputs, and 0 / 0 = NaN as in
    // tfjs-backend-cpu (two negative extents would otherwise multiply to a positive count).
    const float count = static_cast<float>(std::max<int64_t>(0, y1 - y0) * std::max<int64_t>(0, x1 - x0));
    for (int64_t c = 0; c < s.c; c++) o[c] /= count;
  });
  return info.Env().Undefined();
}

// avgPoolGrad(dy, dx, params): every input of a window gets dy / (kh * kw).
static Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  const PoolShape s = ReadPool(info[2]);
  const float* dy = F32Sized(info[0], s.Out(), "avgPoolGrad", "dy");
  float* dx = F32Sized(info[1], s.In(), "avgPoolGrad", "dx");
  std::memset(dx, 0, sizeof(float) * s.n * s.h * s.w * s.c);
  const float scale = 1.f / static_cast<float>(s.kh * s.kw);
  ForEachWindow(s, [&](int64_t n, int64_t oy, int64_t ox, int64_t y0, int64_t y1, int64_t x0, int64_t x1) {
    const float* g = dy + ((n * s.oh + oy) * s.ow + ox) * s.c;
    for (int64_t y = y0; y < y1; y++)
      for (int64_t xx = x0; xx < x1; xx++) {
        float* p = dx + ((n * s.h + y) * s.w + xx) * s.c;
        for (int64_t c = 0; c < s.c; c++) p[c] += g[c] * scale;
      }
  });
  return info.Env().Undefined();
}

void InitPool(Napi::Env env, Napi::Object exports) {
  exports.Set("maxPool", Napi::Function::New(env, MaxPool));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
  exports.Set("avgPool", Napi::Function::New(env, AvgPool));
  exports.Set("avgPoolGrad", Napi::Function::New(env, AvgPoolGrad));
}

}  // namespace nnlab
