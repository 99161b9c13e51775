"""PyTorch twin of examples/labs/src/softmax-momentum: a [784,30,10] sigmoid network, batch 100,
10 epochs on the embedded MNIST split; sigmoid+MSE vs softmax+log-loss, then L2, momentum, Adagrad,
dropout, shifts/rotations and [784,100,30,10]. Same variant names as the TypeScript lab."""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import Timer, accuracy, log, mnist_split, parse_args, print_rows, row, seed_everything

VARIANTS = [
    dict(name="sigmoid+MSE, lr 3.0", sizes=[784, 30, 10], cost="mse", opt="sgd", kw=dict(lr=3.0)),
    dict(name="softmax+log-loss, lr 0.5", sizes=[784, 30, 10], cost="log", opt="sgd", kw=dict(lr=0.5)),
    dict(name="L2 5e-4", sizes=[784, 30, 10], cost="log", opt="sgd", kw=dict(lr=0.5, weight_decay=5e-4)),
    dict(name="momentum 0.9, lr 0.1", sizes=[784, 30, 10], cost="log", opt="sgd", kw=dict(lr=0.1, momentum=0.9)),
    dict(name="Adagrad, lr 0.1", sizes=[784, 30, 10], cost="log", opt="adagrad", kw=dict(lr=0.1)),
    dict(name="dropout 0.2", sizes=[784, 30, 10], cost="log", opt="sgd", kw=dict(lr=0.5), dropout=0.2),
    dict(name="shifts+rotations", sizes=[784, 30, 10], cost="log", opt="sgd", kw=dict(lr=0.5), augment=True),
    dict(name="[784,100,30,10]", sizes=[784, 100, 30, 10], cost="log", opt="sgd", kw=dict(lr=0.5)),
]


def build(sizes, dropout, mse):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(nn.Sigmoid())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    if mse:
        layers.append(nn.Sigmoid())
    return nn.Sequential(*layers)


def augment(x):
    """Rotation by up to 10 degrees (bilinear, zero fill), then a shift by up to 2 pixels: as the lab's
    composeTransforms(randomRotation({ maxDegrees: 10 }), randomShift({ maxShift: 2 }))."""
    n = x.shape[0]
    images = x.view(n, 1, 28, 28)
    angle = (torch.rand(n) * 2 - 1) * math.radians(10)
    cos, sin = torch.cos(angle), torch.sin(angle)
    theta = torch.stack([torch.stack([cos, -sin, torch.zeros(n)], 1), torch.stack([sin, cos, torch.zeros(n)], 1)], 1)
    grid = F.affine_grid(theta, images.shape, align_corners=False)
    images = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    # A whole-pixel translation as a second resampling: exact, since sample points land on pixel centres.
    shifts = torch.randint(-2, 3, (n, 2)).float() * (2 / 28)
    ones, zeros = torch.ones(n), torch.zeros(n)
    theta = torch.stack([torch.stack([ones, zeros, -shifts[:, 1]], 1), torch.stack([zeros, ones, -shifts[:, 0]], 1)], 1)
    grid = F.affine_grid(theta, images.shape, align_corners=False)
    out = F.grid_sample(images, grid, mode="bilinear", padding_mode="zeros", align_corners=False)
    return out.view(n, 784)


def train(variant, x, y, xt, yt, epochs, seed):
    seed_everything(seed)
    mse = variant["cost"] == "mse"
    model = build(variant["sizes"], variant.get("dropout", 0), mse)
    make = torch.optim.SGD if variant["opt"] == "sgd" else torch.optim.Adagrad
    optimizer = make(model.parameters(), **variant["kw"])
    curve = []
    for _ in range(epochs):
        model.train()
        order = torch.randperm(len(x))
        for i in range(0, len(x), 100):
            index = order[i:i + 100]
            xb, yb = x[index], y[index]
            if variant.get("augment"):
                xb = augment(xb)
            out = model(xb)
            if mse:
                loss = 0.5 * ((out - F.one_hot(yb, 10).float()) ** 2).sum() / len(xb)
            else:
                loss = F.cross_entropy(out, yb)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        curve.append(accuracy(model, xt, yt))
    return curve


def main():
    args = parse_args(__doc__)
    x, y, xt, yt = (torch.from_numpy(a) for a in mnist_split(args.seed))
    if args.quick:
        x, y, xt, yt = x[:1000], y[:1000], xt[:500], yt[:500]
    epochs = 2 if args.quick else 10
    rows = []
    for variant in VARIANTS:
        with Timer() as timer:
            curve = train(variant, x, y, xt, yt, epochs, args.seed)
        log(f"  {variant['name']}: {' '.join(f'{a:.1f}' for a in curve)} ({timer.seconds:.1f} s)")
        rows.append(row(variant["name"], "test accuracy %", curve[-1], timer.seconds))
    print_rows(rows)


if __name__ == "__main__":
    main()
