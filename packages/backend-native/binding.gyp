{
  "targets": [
    {
      "target_name": "nnlab_native",
      "sources": [
        "native/addon.cc",
        "native/gemm.cc",
        "native/conv.cc",
        "native/pool.cc",
        "native/elementwise.cc",
        "native/batch-norm.cc",
        "native/activation-grad.cc",
        "native/softmax-cross-entropy.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-std=gnu++17", "-O2"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-O3", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fopenmp"],
      "libraries": ["-ldnnl", "-fopenmp"]
    }
  ]
}
