// One GEMM library, one shape, one thread count per process (tools/bench/gemm-libraries.mjs runs it):
//   gemm-libraries <sgemm|matmul|openblas> <threads> <m> <n> <k> <NN|NT|TN|TT> [calls=20]
// Prints "<median GFLOPS> <best GFLOPS>". A library per process, because OpenMP's threads (oneDNN)
// and OpenBLAS's own pool step on each other in one process: whichever ran last keeps spinning.
// Between calls the calling thread does ~0.3 ms of scalar work, as a training step's other kernels do,
// so the other thread has gone idle (OMP_WAIT_POLICY=passive: asleep) when the next call starts.
#include <dlfcn.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dnnl.hpp>
#include <vector>

using dnnl::memory;
using Sgemm = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);

int main(int argc, char** argv) {
  if (argc < 7) {
    fprintf(stderr, "usage: gemm-libraries <sgemm|matmul|openblas> <threads> <m> <n> <k> <NN|NT|TN|TT> [calls]\n");
    return 2;
  }
  const char* library = argv[1];
  const int threads = atoi(argv[2]);
  const int m = atoi(argv[3]), n = atoi(argv[4]), k = atoi(argv[5]);
  const bool ta = argv[6][0] == 'T', tb = argv[6][1] == 'T';
  const int calls = argc > 7 ? atoi(argv[7]) : 20;
  std::vector<float> a(size_t(m) * k), b(size_t(k) * n), c(size_t(m) * n);
  for (size_t i = 0; i < a.size(); i++) a[i] = float(i % 17) / 17.f - 0.5f;
  for (size_t i = 0; i < b.size(); i++) b[i] = float(i % 13) / 13.f - 0.5f;
  const int lda = ta ? m : k, ldb = tb ? k : n;
  omp_set_num_threads(threads);

  Sgemm openblas = nullptr;
  if (strcmp(library, "openblas") == 0) {
    void* lib = dlopen("libopenblas.so.0", RTLD_NOW);
    if (lib == nullptr) {
      fprintf(stderr, "libopenblas.so.0 not found (apt-get install libopenblas0-pthread)\n");
      return 3;
    }
    openblas = reinterpret_cast<Sgemm>(dlsym(lib, "cblas_sgemm"));
    auto setThreads = reinterpret_cast<void (*)(int)>(dlsym(lib, "openblas_set_num_threads"));
    if (openblas == nullptr || setThreads == nullptr) return 3;
    setThreads(threads);
  }
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  // Plain row-major memory; a transposed operand is the same buffer with swapped strides.
  memory::desc aDesc({m, k}, memory::data_type::f32, ta ? memory::dims{1, m} : memory::dims{k, 1});
  memory::desc bDesc({k, n}, memory::data_type::f32, tb ? memory::dims{1, k} : memory::dims{n, 1});
  memory::desc cDesc({m, n}, memory::data_type::f32, memory::format_tag::ab);
  dnnl::matmul matmul;
  if (strcmp(library, "matmul") == 0) matmul = dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(aDesc, bDesc, cDesc), engine));

  auto call = [&] {
    if (openblas != nullptr) {
      openblas(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, 1.f, a.data(), lda, b.data(), ldb, 0.f, c.data(), n);
    } else if (matmul) {
      memory am(aDesc, engine, a.data()), bm(bDesc, engine, b.data()), cm(cDesc, engine, c.data());
      matmul.execute(stream, {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}});
      stream.wait();
    } else {
      dnnl_sgemm(ta ? 'T' : 'N', tb ? 'T' : 'N', m, n, k, 1.f, a.data(), lda, b.data(), ldb, 0.f, c.data(), n);
    }
  };
  std::vector<double> seconds;
  volatile double sink = 0;
  for (int i = 0; i < calls + 3; i++) {
    for (int j = 0; j < 300000; j++) sink = sink + j;
    const auto start = std::chrono::steady_clock::now();
    call();
    if (i >= 3) seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  const double flop = 2.0 * m * n * k;
  printf("%.1f %.1f\n", flop / seconds[seconds.size() / 2] / 1e9, flop / seconds[0] / 1e9);
  return 0;
}
