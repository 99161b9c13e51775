#!/usr/bin/python3
"""Numerical self-check of this machine's PyTorch/OpenBLAS set-up.

The bench's PyTorch peer runs it once, in a child process started with the
environment it wants to use (e.g. without `OPENBLAS_CORETYPE`, so OpenBLAS
picks its own kernels for this CPU). It checks

  * a 384x512 @ 512x256 float32 GEMM against the same product in float64;
  * three SGD-with-momentum steps of a small MLP (784-64-10) against the
    committed fixture `torch_self_check.json`, computed in float64;
  * the speed of a single-thread 512x512 float32 GEMM (best of 5 timings),
    so the peer can pick the fastest set-up among those that compute right;

and prints one JSON line: {"ok": bool, "gemmError": e, "stepError": e, "gflops": g, ...}.
`--write-fixture` recomputes the fixture in float64 and writes it.
"""
import json
import os
import sys
import time

import torch

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch_self_check.json")
# float32 results agree with float64 to about 1e-6 relative; a wrong kernel is off by far more.
TOLERANCE = 1e-4


def data(dtype):
    g = torch.Generator().manual_seed(0)
    # drawn in float64 and cast, so the float32 run sees the float64 run's values rounded
    a = (torch.rand(384, 512, generator=g, dtype=torch.float64) - 0.5).to(dtype)
    b = (torch.rand(512, 256, generator=g, dtype=torch.float64) - 0.5).to(dtype)
    x = torch.rand(32, 784, generator=g, dtype=torch.float64).to(dtype)
    y = torch.randint(0, 10, (32,), generator=g)
    w0 = ((torch.rand(64, 784, generator=g, dtype=torch.float64) - 0.5) / 14).to(dtype)
    w1 = ((torch.rand(10, 64, generator=g, dtype=torch.float64) - 0.5) / 4).to(dtype)
    return a, b, x, y, w0, w1


def training_steps(dtype):
    """Losses of three SGD steps and the final weights' sum of absolute values."""
    _, _, x, y, w0, w1 = data(dtype)
    model = torch.nn.Sequential(torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10)).to(dtype)
    with torch.no_grad():
        model[0].weight.copy_(w0)
        model[0].bias.zero_()
        model[2].weight.copy_(w1)
        model[2].bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    losses = []
    for _ in range(3):
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    weights = sum(p.detach().double().abs().sum().item() for p in model.parameters())
    return losses + [weights]


def gemm_gflops():
    """Best of 5 timings of twenty 512x512 float32 GEMMs on one thread."""
    torch.set_num_threads(1)
    a = torch.rand(512, 512)
    b = torch.rand(512, 512)
    for _ in range(3):
        a @ b
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(20):
            a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * 512 ** 3 * 20 / best / 1e9


def check():
    a, b, *_ = data(torch.float32)
    exact = a.double() @ b.double()
    gemm_error = ((a @ b).double() - exact).abs().max().item() / exact.abs().max().item()
    with open(FIXTURE, encoding="utf8") as f:
        expected = json.load(f)["values"]
    got = training_steps(torch.float32)
    step_error = max(abs(g - e) / max(abs(e), 1e-12) for g, e in zip(got, expected))
    ok = gemm_error < TOLERANCE and step_error < TOLERANCE
    return {"ok": ok, "gemmError": gemm_error, "stepError": step_error, "gflops": gemm_gflops() if ok else None,
            "torch": torch.__version__,
            "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE")}


def main():
    if "--write-fixture" in sys.argv:
        values = training_steps(torch.float64)
        with open(FIXTURE, "w", encoding="utf8") as f:
            json.dump({"about": "tools/bench/torch_self_check.py --write-fixture: 3 SGD steps of 784-64-10 in float64 (losses, then the sum of |weights|)",
                       "torch": torch.__version__, "values": values}, f, indent=2)
            f.write("\n")
        return
    try:
        result = check()
    except Exception as error:  # reported as a failed check, never a crash
        result = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
