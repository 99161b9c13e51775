"""PyTorch twin of examples/labs/src/mlp-sweeps: MLP 784-M-10 with Adam on the embedded MNIST split,
normalised by the training split's mean/std, batch 64; the 784-300-10 reference runs (10 epochs,
normalised and [0,1] inputs) and the lab's sweeps (3 epochs per trial, 10 for the 3-layer grid), with the
same variant names.
Trials run the way nnlab's runTrainingJob does: model Flatten-Linear-ReLU[-Dropout]-...-Linear,
Adam(lr, weight_decay as L2), reshuffled every epoch, test accuracy after the last epoch."""
import itertools

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import Timer, accuracy, log, mnist_split, parse_args, print_rows, row, seed_everything, selected

# The same grid strings as MLP_SWEEPS in mlp-sweeps.ts: (name, model template, grids, quick grids, full-run epochs).
SWEEPS = [
    ("learning rate", "784-100-10", ["lr=0.0001,0.0003,0.001,0.003,0.01"], ["lr=0.001,0.01"], 3),
    ("hidden units M", "784-{M}-10", ["M=10,30,100,300,1000"], ["M=10,100"], 3),
    ("weight decay", "784-100-10", ["weight-decay=0,0.0001,0.001,0.01"], ["weight-decay=0,0.01"], 3),
    ("dropout", "784-100-10", ["dropout=0,0.2,0.5"], ["dropout=0,0.5"], 3),
    ("3-layer grid", "784-{h1}-{h2}-10", ["h1=100,300", "h2=50,100", "lr=0.001,0.003"], ["h1=32", "h2=16,32"], 10),
]
REFERENCES = [("reference 784-300-10, normalised, 10 epochs", True), ("reference 784-300-10, [0,1] inputs, 10 epochs", False)]


def mlp(sizes, dropout):
    layers = [nn.Flatten()]
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.ReLU())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


def run(data, sizes, lr, weight_decay, dropout, epochs, seed):
    x, y, xt, yt = data
    seed_everything(seed)
    model = mlp(sizes, dropout)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), 64):
            index = order[i:i + 64]
            loss = F.cross_entropy(model(x[index]), y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
    return accuracy(model, xt, yt)


def prepare(seed, limit, normalise):
    x, y, xt, yt = mnist_split(seed)
    if limit is not None:
        x, y = x[:limit], y[:limit]
    if normalise:
        # Population statistics of the (limited) training split, as computeMeanStd.
        mean, std = x.astype("float64").mean(), x.astype("float64").std()
        x, xt = (x - mean) / std, (xt - mean) / std
    return tuple(torch.from_numpy(a.astype("float32") if a.dtype.kind == "f" else a) for a in (x, y, xt, yt))


def main():
    args = parse_args(__doc__)
    limit = 500 if args.quick else None
    rows = []
    for variant, normalise in REFERENCES:
        if not selected(variant, args.only):
            continue
        with Timer() as timer:
            value = run(prepare(args.seed, limit, normalise), [784, 300, 10], 1e-3, 0, 0, 1 if args.quick else 10, args.seed)
        log(f"  {variant}: {value:.2f}%")
        rows.append(row(variant, "test accuracy %", value, timer.seconds))
    data = prepare(args.seed, limit, True)
    for name, template, grids, quick_grids, full_epochs in SWEEPS:
        parsed = [(g.split("=")[0], g.split("=")[1].split(",")) for g in (quick_grids if args.quick else grids)]
        for values in itertools.product(*(v for _, v in parsed)):
            params = dict(zip((n for n, _ in parsed), values))
            model = template.format(**{k: v for k, v in params.items() if "{" + k + "}" in template})
            label = f"{name}: " + ", ".join(f"{k}={v}" for k, v in params.items())
            if not selected(label, args.only):
                continue
            with Timer() as timer:
                value = run(data, [int(s) for s in model.split("-")], float(params.get("lr", 1e-3)),
                            float(params.get("weight-decay", 0)), float(params.get("dropout", 0)),
                            1 if args.quick else full_epochs, args.seed)
            log(f"  {label} -> {value:.2f}%")
            rows.append(row(label, "test accuracy %", value, timer.seconds))
    print_rows(rows)


if __name__ == "__main__":
    main()
