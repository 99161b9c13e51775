// 2-D convolutions on oneDNN: NHWC activations (tfjs' layout, read and
// written in place), weights reordered per call from tfjs' HWIO into the
// layout the fastest implementation prefers (format_tag::any). Primitives
// are cached by shape, so only the first call of a shape pays for the JIT.
#include <dnnl.hpp>

#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.h"

namespace nnlab {

using dnnl::algorithm;
using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;


static dnnl::engine& Engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}
static dnnl::stream& Stream() {
  static dnnl::stream stream(Engine());
  return stream;
}

// Shape of one convolution, from the Int32Array built by src/kernels/conv-params.ts:
// [n, h, w, c, kh, kw, o, oh, ow, strideH, strideW, padTop, padLeft, padBottom, padRight, dilationH, dilationW]
struct ConvShape {
  int32_t v[17];
  memory::dim n() const { return v[0]; }
  memory::dims Src() const { return {v[0], v[3], v[1], v[2]}; }
  memory::dims Weights() const { return {v[6], v[3], v[4], v[5]}; }
  memory::dims Dst() const { return {v[0], v[6], v[7], v[8]}; }
  memory::dims Strides() const { return {v[9], v[10]}; }
  memory::dims PadL() const { return {v[11], v[12]}; }
  memory::dims PadR() const { return {v[13], v[14]}; }
  memory::dims Dilation() const { return {v[15] - 1, v[16] - 1}; }
  double Work() const { return double(v[0]) * v[7] * v[8] * v[6] * v[3] * v[4] * v[5]; }
  int64_t SrcSize() const { return int64_t(v[0]) * v[1] * v[2] * v[3]; }
  int64_t WeightsSize() const { return int64_t(v[4]) * v[5] * v[3] * v[6]; }
  int64_t DstSize() const { return int64_t(v[0]) * v[7] * v[8] * v[6]; }
  std::string Key() const {
    std::string key;
    for (int32_t x : v) key += std::to_string(x) + ",";
    return key;
  }
};

static ConvShape ReadShape(const Napi::Value& value) {
  Napi::Int32Array array = value.As<Napi::Int32Array>();
  if (array.ElementLength() != 17) throw Napi::Error::New(value.Env(), "conv params must have 17 entries");
  ConvShape shape;
  for (int i = 0; i < 17; i++) shape.v[i] = array[i];
  for (int i = 0; i < 17; i++)
    if (shape.v[i] < 0) throw Napi::Error::New(value.Env(), "conv params must be non-negative");
  return shape;
}

static memory::desc Md(const memory::dims& dims, tag t) { return memory::desc(dims, dt::f32, t); }

static dnnl::convolution_forward::primitive_desc ForwardPd(const ConvShape& s, bool bias, const dnnl::primitive_attr& attr) {
  auto src = Md(s.Src(), tag::nhwc), dst = Md(s.Dst(), tag::nhwc), weights = Md(s.Weights(), tag::any);
  if (bias) {
    dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, algorithm::convolution_direct, src, weights,
                                      Md({s.Dst()[1]}, tag::x), dst, s.Strides(), s.Dilation(), s.PadL(), s.PadR());
    return dnnl::convolution_forward::primitive_desc(d, attr, Engine());
  }
  dnnl::convolution_forward::desc d(dnnl::prop_kind::forward_training, algorithm::convolution_direct, src, weights, dst,
                                    s.Strides(), s.Dilation(), s.PadL(), s.PadR());
  return dnnl::convolution_forward::primitive_desc(d, attr, Engine());
}

// Weights in the primitive's layout, refreshed from tfjs' HWIO on every call.
struct WeightsIn {
  memory::desc user;
  memory::desc wanted;
  memory buffer;  // empty when the primitive takes HWIO as is
  dnnl::reorder toWanted;
  void Init(const ConvShape& s, const memory::desc& preferred) {
    user = Md(s.Weights(), tag::hwio);
    wanted = preferred;
    if (wanted == user) return;
    buffer = memory(wanted, Engine());
    toWanted = dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), user, Engine(), wanted));
  }
  memory Get(float* hwio) {
    memory from(user, Engine(), hwio);
    if (!buffer) return from;
    toWanted.execute(Stream(), {{DNNL_ARG_FROM, from}, {DNNL_ARG_TO, buffer}});
    return buffer;
  }
};

struct ForwardEntry {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::convolution_forward prim;
  WeightsIn weights;
};
struct BackwardDataEntry {
  dnnl::convolution_backward_data::primitive_desc pd;
  dnnl::convolution_backward_data prim;
  WeightsIn weights;
};
struct BackwardWeightsEntry {
  dnnl::convolution_backward_weights::primitive_desc pd;
  dnnl::convolution_backward_weights prim;
  memory::desc user;
  memory buffer;  // empty when the primitive writes HWIO directly
  dnnl::reorder toUser;
};

template <typename T>
using Cache = std::unordered_map<std::string, std::unique_ptr<T>>;

static Cache<ForwardEntry> forwardCache;
static Cache<BackwardDataEntry> backwardDataCache;
static Cache<BackwardWeightsEntry> backwardWeightsCache;

template <typename F>
static Napi::Value Guard(const Napi::CallbackInfo& info, F body) {
  try {
    SignalGuard signals;
    return body();
  } catch (const dnnl::error& e) {
    throw Napi::Error::New(info.Env(), std::string("oneDNN: ") + e.what() + " (status " + std::to_string(e.status) + ")");
  }
}

// conv2dForward(x, filter, out, params, bias|null, activation, alpha) -> implementation name
static Napi::Value Forward(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    const ConvShape s = ReadShape(info[3]);
    float* x = F32Sized(info[0], s.SrcSize(), "conv2dForward", "x");
    float* filter = F32Sized(info[1], s.WeightsSize(), "conv2dForward", "filter");
    float* out = F32Sized(info[2], s.DstSize(), "conv2dForward", "out");
    float* bias = const_cast<float*>(F32OrNull(info[4]));
    if (bias != nullptr) RequireSize(info.Env(), F32Length(info[4]), s.v[6], "conv2dForward", "bias");
    const int32_t act = I32(info[5]);
    const float alpha = F(info[6]);
    const std::string shapeKey = s.Key() + (bias ? "b" : "") + std::to_string(act) + "," + std::to_string(alpha);
    const uint64_t timing = HashMix(std::hash<std::string>()(shapeKey), 1);
    const int threads = ChooseThreads(timing, ThreadsFor(s.Work(), WorkPerThread(kConvWork)));
    ThreadTimer timer(timing, threads);
    omp_set_num_threads(threads);
    const std::string key = shapeKey + "t" + std::to_string(threads);
    auto& slot = forwardCache[key];
    if (!slot) {
      timer.Skip();
      dnnl::primitive_attr attr;
      if (act != kActLinear) {
        dnnl::post_ops ops;
        ops.append_eltwise(1.f, algorithm::eltwise_relu, act == kActLeakyRelu ? alpha : 0.f, 0.f);
        attr.set_post_ops(ops);
      }
      auto pd = ForwardPd(s, bias != nullptr, attr);
      slot.reset(new ForwardEntry{pd, dnnl::convolution_forward(pd), {}});
      slot->weights.Init(s, pd.weights_desc());
    }
    ForwardEntry& e = *slot;
    memory src(e.pd.src_desc(), Engine(), x), dst(e.pd.dst_desc(), Engine(), out);
    std::unordered_map<int, memory> args{{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, e.weights.Get(filter)}, {DNNL_ARG_DST, dst}};
    if (bias) args.insert({DNNL_ARG_BIAS, memory(e.pd.bias_desc(), Engine(), bias)});
    e.prim.execute(Stream(), args);
    Stream().wait();
    return Napi::String::New(info.Env(), e.pd.impl_info_str());
  });
}

// Input channels below which backward data runs as GEMM + col2im: oneDNN's
// AVX2 kernels pad input channels to blocks of 8, so an image layer
// (1 channel) would do 8x the work (3.5 ms instead of 0.3 ms for the cnn
// workload's first layer).
static const int32_t kFewInputChannels = 8;

// dx = col2im(W x dy^T): rows[(kh, kw, ic), p] = sum over oc of w[kh, kw, ic, oc] * dy[p, oc],
// then each row is added to dx along the output pixels it came from: the
// inner loop runs over contiguous output columns (vectorised for stride 1).
static void BackwardDataFewChannels(const float* dy, const float* filter, float* dx, const ConvShape& s, int threads) {
  const int64_t n = s.v[0], h = s.v[1], w = s.v[2], c = s.v[3], kh = s.v[4], kw = s.v[5], oc = s.v[6], oh = s.v[7], ow = s.v[8];
  const int64_t sh = s.v[9], sw = s.v[10], pt = s.v[11], pl = s.v[12], dh = s.v[15], dw = s.v[16];
  const int64_t patch = kh * kw * c, pixels = n * oh * ow;
  thread_local std::vector<float> rows;
  rows.resize(static_cast<size_t>(pixels * patch));
  omp_set_num_threads(threads);
  dnnl_status_t status = dnnl_sgemm('N', 'T', patch, pixels, oc, 1.f, filter, oc, dy, oc, 0.f, rows.data(), pixels);
  if (status != dnnl_success) throw dnnl::error(status, "dnnl_sgemm in backward data");
  std::memset(dx, 0, sizeof(float) * n * h * w * c);
  const float* rowsData = rows.data();
#pragma omp parallel for num_threads(threads) schedule(static) if (threads > 1)
  for (int64_t b = 0; b < n; b++) {
    for (int64_t i = 0; i < kh; i++)
      for (int64_t j = 0; j < kw; j++) {
        // Output columns x whose input column x*sw - pl + j*dw lies inside [0, w).
        const int64_t offset = j * dw - pl;
        int64_t x0 = offset >= 0 ? 0 : (-offset + sw - 1) / sw;
        int64_t x1 = (w - 1 - offset) < 0 ? 0 : (w - 1 - offset) / sw + 1;
        x1 = std::min(x1, ow);
        if (x0 >= x1) continue;
        for (int64_t k = 0; k < c; k++) {
          const float* row = rowsData + ((i * kw + j) * c + k) * pixels + b * oh * ow;
          for (int64_t y = 0; y < oh; y++) {
            const int64_t iy = y * sh - pt + i * dh;
            if (iy < 0 || iy >= h) continue;
            const float* src = row + y * ow;
            float* dst = dx + ((b * h + iy) * w + offset) * c + k;
            const int64_t step = sw * c;
            for (int64_t x = x0; x < x1; x++) dst[x * step] += src[x];
          }
        }
      }
  }
}

// conv2dBackwardData(dy, filter, dx, params) -> implementation name
static Napi::Value BackwardData(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    const ConvShape s = ReadShape(info[3]);
    float* dy = F32Sized(info[0], s.DstSize(), "conv2dBackwardData", "dy");
    float* filter = F32Sized(info[1], s.WeightsSize(), "conv2dBackwardData", "filter");
    float* dx = F32Sized(info[2], s.SrcSize(), "conv2dBackwardData", "dx");
    const uint64_t timing = HashMix(std::hash<std::string>()(s.Key()), 2);
    const int threads = ChooseThreads(timing, ThreadsFor(s.Work(), WorkPerThread(kConvWork)));
    ThreadTimer timer(timing, threads);
    if (s.v[3] < kFewInputChannels) {
      BackwardDataFewChannels(dy, filter, dx, s, threads);
      return Napi::String::New(info.Env(), "gemm+col2im");
    }
    omp_set_num_threads(threads);
    const std::string key = s.Key() + "t" + std::to_string(threads);
    auto& slot = backwardDataCache[key];
    if (!slot) {
      timer.Skip();
      auto hint = ForwardPd(s, false, dnnl::primitive_attr());
      dnnl::convolution_backward_data::desc d(algorithm::convolution_direct, Md(s.Src(), tag::nhwc), Md(s.Weights(), tag::any),
                                              Md(s.Dst(), tag::nhwc), s.Strides(), s.Dilation(), s.PadL(), s.PadR());
      dnnl::convolution_backward_data::primitive_desc pd(d, Engine(), hint);
      slot.reset(new BackwardDataEntry{pd, dnnl::convolution_backward_data(pd), {}});
      slot->weights.Init(s, pd.weights_desc());
    }
    BackwardDataEntry& e = *slot;
    memory diffDst(e.pd.diff_dst_desc(), Engine(), dy), diffSrc(e.pd.diff_src_desc(), Engine(), dx);
    e.prim.execute(Stream(), {{DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_WEIGHTS, e.weights.Get(filter)}, {DNNL_ARG_DIFF_SRC, diffSrc}});
    Stream().wait();
    return Napi::String::New(info.Env(), e.pd.impl_info_str());
  });
}

// conv2dBackwardFilter(x, dy, dfilter, params) -> implementation name
static Napi::Value BackwardFilter(const Napi::CallbackInfo& info) {
  return Guard(info, [&]() -> Napi::Value {
    const ConvShape s = ReadShape(info[3]);
    float* x = F32Sized(info[0], s.SrcSize(), "conv2dBackwardFilter", "x");
    float* dy = F32Sized(info[1], s.DstSize(), "conv2dBackwardFilter", "dy");
    float* dfilter = F32Sized(info[2], s.WeightsSize(), "conv2dBackwardFilter", "dfilter");
    const uint64_t timing = HashMix(std::hash<std::string>()(s.Key()), 3);
    const int threads = ChooseThreads(timing, ThreadsFor(s.Work(), WorkPerThread(kConvWork)));
    ThreadTimer timer(timing, threads);
    omp_set_num_threads(threads);
    const std::string key = s.Key() + "t" + std::to_string(threads);
    auto& slot = backwardWeightsCache[key];
    if (!slot) {
      timer.Skip();
      auto hint = ForwardPd(s, false, dnnl::primitive_attr());
      dnnl::convolution_backward_weights::desc d(algorithm::convolution_direct, Md(s.Src(), tag::nhwc), Md(s.Weights(), tag::any),
                                                 Md(s.Dst(), tag::nhwc), s.Strides(), s.Dilation(), s.PadL(), s.PadR());
      dnnl::convolution_backward_weights::primitive_desc pd(d, Engine(), hint);
      auto user = Md(s.Weights(), tag::hwio);
      slot.reset(new BackwardWeightsEntry{pd, dnnl::convolution_backward_weights(pd), user, memory(), dnnl::reorder()});
      if (pd.diff_weights_desc() != user) {
        slot->buffer = memory(pd.diff_weights_desc(), Engine());
        slot->toUser = dnnl::reorder(dnnl::reorder::primitive_desc(Engine(), pd.diff_weights_desc(), Engine(), user));
      }
    }
    BackwardWeightsEntry& e = *slot;
    memory src(e.pd.src_desc(), Engine(), x), diffDst(e.pd.diff_dst_desc(), Engine(), dy);
    memory target(e.user, Engine(), dfilter);
    memory diffWeights = e.buffer ? e.buffer : target;
    e.prim.execute(Stream(), {{DNNL_ARG_SRC, src}, {DNNL_ARG_DIFF_DST, diffDst}, {DNNL_ARG_DIFF_WEIGHTS, diffWeights}});
    if (e.buffer) e.toUser.execute(Stream(), {{DNNL_ARG_FROM, e.buffer}, {DNNL_ARG_TO, target}});
    Stream().wait();
    return Napi::String::New(info.Env(), e.pd.impl_info_str());
  });
}

void InitConv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2dForward", Napi::Function::New(env, Forward));
  exports.Set("conv2dBackwardData", Napi::Function::New(env, BackwardData));
  exports.Set("conv2dBackwardFilter", Napi::Function::New(env, BackwardFilter));
}

}  // namespace nnlab
