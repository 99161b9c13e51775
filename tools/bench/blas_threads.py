"""Sets the thread count of the BLAS library PyTorch calls for its GEMMs.

Debian's PyTorch 1.13 runs linear layers' GEMMs on the system OpenBLAS
(libopenblas0-pthread), whose threads are its own: `torch.set_num_threads`
sets PyTorch's OpenMP threads but leaves OpenBLAS's alone. The peer starts
with OPENBLAS_NUM_THREADS=1 (the self-check's GEMM is single-threaded) and
raises it here per timed configuration, so a two-thread PyTorch row can run
its GEMMs on both cores (260 vs 136 GFLOPS here at 1200x1200).
"""
import ctypes

_setter = None
_looked = False


def _find_openblas():
    """The loaded OpenBLAS (found in this process's memory map after `import torch`), or None."""
    with open("/proc/self/maps") as maps:
        paths = {line.split()[-1] for line in maps if "blas" in line.rsplit("/", 1)[-1]}
    for path in sorted(paths):
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(library, "openblas_set_num_threads") and hasattr(library, "openblas_get_num_threads"):
            return library
    return None


def set_blas_threads(threads):
    """Sets OpenBLAS's threads; returns the count in effect, or None when no OpenBLAS is loaded."""
    global _setter, _looked
    if not _looked:
        _looked = True
        _setter = _find_openblas()
    if _setter is None:
        return None
    _setter.openblas_set_num_threads(int(threads))
    return int(_setter.openblas_get_num_threads())


def thread_configurations(torch_threads):
    """(torch threads, OpenBLAS threads) pairs worth timing: each torch count with OpenBLAS on one
    thread, and one torch thread with OpenBLAS on the most threads asked for (when an OpenBLAS is
    loaded). Not more torch threads beside more OpenBLAS threads: PyTorch's OpenMP threads
    spin-wait between its parallel ops and take the cores OpenBLAS's threads need (2 + 2 ran the
    mlp step 3-4x slower than 2 + 1 here), while one torch thread leaves OpenBLAS both cores."""
    pairs = [(threads, 1) for threads in torch_threads]
    most = max(torch_threads)
    if most > 1 and set_blas_threads(1) is not None:
        pairs.append((1, most))
    return pairs
