#!/usr/bin/python3
"""PyTorch twin of the `notmnist-mlp` lab (examples/labs/src/notmnist-mlp/).

The deep MLP 784-1200-1200-1200-400-100-10 (LeakyReLU 0.01, PyTorch's default initialisation,
which nnlab copies) trained three ways, as `notmnist-variants.ts` lists them: Adagrad 0.01 on
[0, 1] pixels; with batch norm and dropout 0.2 on normalised inputs; and that network with SGD,
Nesterov momentum 0.9, lr 0.1, divided by 10 when test accuracy stops improving
(ReduceLROnPlateau, mode max, patience 0). Fashion-MNIST unless --data folder:DIR, in which case
it reads the split the TypeScript lab exported to .cache/labs/notmnist-mlp/ (exporting it with
tools/labs/export-notmnist-split.mjs first when it is missing).

  /usr/bin/python3 tools/labs/notmnist-mlp.py --seed 0 [--quick] [--data folder:DIR] [--only PREFIX] [--threads 1]

Prints progress to stderr and, as its last stdout line, {"rows": [{variant, metric, value, seconds}]}.
"""
import json
import os
import re
import subprocess
import sys

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
from image_data import load_exported_split, load_fashion_mnist, normalise  # noqa: E402
from torch_peer import mlp  # noqa: E402
from train_loop import fit  # noqa: E402

DEEP = "mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu"
VARIANTS = [
    ("leaky-relu MLP, adagrad 0.01", DEEP, False, "adagrad", 0.01, False),
    ("batch norm + dropout 0.2, normalised, adagrad 0.01", DEEP + ",batchnorm=true,dropout=0.2", True, "adagrad", 0.01, False),
    ("batch norm + dropout 0.2, normalised, sgd nesterov 0.1 + plateau", DEEP + ",batchnorm=true,dropout=0.2", True, "sgd", 0.1, True),
]
SETTINGS = {"full": {"epochs": 3, "batch": 128, "limits": (None, None)}, "quick": {"epochs": 1, "batch": 64, "limits": (512, 500)}}


def load(data, seed, limits):
    if data is None:
        return load_fashion_mnist(*limits)
    directory = os.path.join(HERE, "..", "..", ".cache", "labs", "notmnist-mlp", re.sub(r"[^A-Za-z0-9._-]", "_", data) + f"-seed-{seed}")
    if not os.path.exists(os.path.join(directory, "test-labels.idx")):
        # The split is nnlab's seeded one: let the TypeScript loader write it (needs `npx turbo run build`).
        exporter = os.path.join(HERE, "export-notmnist-split.mjs")
        subprocess.run(["node", exporter, data, str(seed)], check=True, stdout=sys.stderr)
    train_x, train_y, test_x, test_y = load_exported_split(directory)
    train_limit, test_limit = limits
    return train_x[:train_limit], train_y[:train_limit], test_x[:test_limit], test_y[:test_limit]


def main():
    args = parse_args(__doc__.split("\n")[0], data_help="folder:DIR (the notMNIST layout); default Fashion-MNIST")
    settings = SETTINGS["quick" if args.quick else "full"]
    train_x, train_y, test_x, test_y = load(args.data, args.seed, settings["limits"])
    train_norm, test_norm, _, _ = normalise(train_x, test_x)
    rows = []
    for name, model_text, normalised, optimizer_name, lr, plateau in VARIANTS:
        if not selected(name, args.only):
            continue
        torch.manual_seed(args.seed)
        model = mlp(model_text)
        if optimizer_name == "adagrad":
            optimizer = torch.optim.Adagrad(model.parameters(), lr=lr)
        else:
            optimizer = torch.optim.SGD(model.parameters(), lr=lr, momentum=0.9, nesterov=True)
        scheduler = None
        if plateau:
            reduce = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, mode="max", factor=0.1, patience=0)
            scheduler = lambda log, reduce=reduce: reduce.step(log["testAccuracy"])  # noqa: E731

        def log(entry, name=name):
            print(f"{name}: epoch {entry['epoch']} loss {entry['loss']:.4f} test accuracy {entry['testAccuracy']:.2f}% "
                  f"({entry['seconds']:.1f} s)", file=sys.stderr, flush=True)

        train, test = ((train_norm, train_y), (test_norm, test_y)) if normalised else ((train_x, train_y), (test_x, test_y))
        history = fit(model, optimizer, train, test, settings["epochs"], settings["batch"], args.seed, on_epoch=log, scheduler=scheduler)
        rows.append({"variant": name, "metric": "test accuracy %", "value": history[-1]["testAccuracy"], "seconds": history[-1]["seconds"]})
    print(json.dumps({"rows": rows}))


if __name__ == "__main__":
    main()
