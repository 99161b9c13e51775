#!/usr/bin/python3
"""PyTorch twin of the `cnn-fashion` lab (examples/labs/src/cnn-fashion/).

Trains the lab's CNNs (`cnn`, `cnn2`, `cnn3`, built as tools/bench/torch_peer.py builds nnlab's
models, with PyTorch's default initialisation, which nnlab's layers copy) on Fashion-MNIST
normalised by the training split's mean/std, SGD with momentum 0.9 and weight decay, batch 64,
and the small learning-rate x weight-decay sweep. Variants, their names and metrics are those
of the TypeScript lab (`cnn-fashion-variants.ts`); keep the two in step.

  /usr/bin/python3 tools/labs/cnn-fashion.py --seed 0 [--quick] [--only cnn3 [--only sweep]] [--epochs N] [--threads 1]

Prints progress to stderr and, as its last stdout line, {"rows": [{variant, metric, value, seconds}]}.
"""
import json
import os
import sys
import time

try:
    import torch
except ImportError:
    print("PyTorch not available: run with Debian's python3-torch (/usr/bin/python3)", file=sys.stderr)
    sys.exit(3)

sys.dont_write_bytecode = True  # no __pycache__ in the checkout
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "bench"))

from common import parse_args, selected  # noqa: E402
from image_data import load_fashion_mnist, normalise  # noqa: E402
from torch_peer import build_model  # noqa: E402
from train_loop import fit  # noqa: E402


def variants(quick):
    """The lab's runs: (variant name, model, lr, weight decay, epochs, rows wanted after these epochs, train limit)."""
    if quick:
        return [
            ("cnn, lr 0.01, wd 1e-4", "cnn", 0.01, 1e-4, 1, [1], None),
            ("sweep cnn, lr 0.1, wd 0", "cnn", 0.1, 0.0, 1, [1], None),
        ]
    runs = [
        ("cnn, lr 0.01, wd 1e-4", "cnn", 0.01, 1e-4, 3, [1, 3], None),
        ("cnn2, lr 0.01, wd 1e-4", "cnn2", 0.01, 1e-4, 3, [1, 3], None),
        ("cnn3, lr 0.001, wd 0.04", "cnn3", 0.001, 0.04, 3, [1, 3], None),
    ]
    for lr in (0.001, 0.01, 0.1):
        for weight_decay in (0.0, 1e-3, 0.04):
            runs.append((f"sweep cnn, lr {lr:g}, wd {weight_decay:g}", "cnn", lr, weight_decay, 4, [2, 4], 10000))
    return runs


def with_epochs(epochs, report_at, override):
    """The variant's epochs and report points under --epochs, as withEpochs in cnn-fashion-variants.ts."""
    if override is None:
        return epochs, report_at
    return override, sorted({e for e in report_at if e <= override} | {override})


def main():
    args = parse_args(__doc__.split("\n")[0], data_help="unused: this lab always reads Fashion-MNIST", takes_epochs=True)

    quick_limits = (1024, 1000) if args.quick else (None, None)
    train_x, train_y, test_x, test_y = load_fashion_mnist(*quick_limits)
    rows = []
    for name, model_name, lr, weight_decay, epochs, report_at, limit in variants(args.quick):
        if not selected(name, args.only):
            continue
        epochs, report_at = with_epochs(epochs, report_at, args.epochs)
        x, y = (train_x, train_y) if limit is None else (train_x[:limit], train_y[:limit])
        x_norm, test_norm, _, _ = normalise(x, test_x)
        torch.manual_seed(args.seed)
        model = build_model(model_name)
        optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, weight_decay=weight_decay)

        def log(entry, name=name):
            print(f"{name}: epoch {entry['epoch']} loss {entry['loss']:.4f} test loss {entry['testLoss']:.4f} "
                  f"test accuracy {entry['testAccuracy']:.2f}% ({entry['seconds']:.1f} s)", file=sys.stderr, flush=True)

        history = fit(model, optimizer, (x_norm, y), (test_norm, test_y), epochs, 64, args.seed, on_epoch=log)
        for epoch in report_at:
            entry = history[epoch - 1]
            rows.append({"variant": name, "metric": f"test accuracy % after {epoch} epoch{'s' if epoch > 1 else ''}",
                         "value": entry["testAccuracy"], "seconds": entry["seconds"]})
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
