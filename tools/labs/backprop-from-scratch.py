"""PyTorch twin of examples/labs/src/backprop-from-scratch (Coursera ex4 in nnlab): a 400-25-10
sigmoid network on 20x20 digits, one-hot targets, the binary cross-entropy cost (summed over the 10
outputs, averaged over examples) plus lambda/(2m) * sum of squared weights (biases excluded),
weights uniform in +-0.12, full-batch gradient descent with alpha 0.5; the float32 gradient check
of the 3-5-3 network (ex4's debug weights) with and without L2; the lambda sweep 0, 1, 50."""

import numpy as np
import torch
import torch.nn.functional as F

from common import Timer, log, mnist_split, parse_args, print_rows, row

ALPHA = 0.5
LAMBDAS = [0.0, 1.0, 50.0]


def debug_matrix(rows, cols):
    """ex4's debugInitializeWeights: sin(1..n) / 10 filled in MATLAB's column-major order."""
    return (np.sin(np.arange(1, rows * cols + 1)) / 10).reshape(cols, rows).T


def debug_layer(fan_out, fan_in):
    """ex4's debug Theta (bias column first) as nnlab lays a layer out: weight [fan_in, fan_out], bias [fan_out]."""
    theta = debug_matrix(fan_out, 1 + fan_in)
    return torch.tensor(theta[:, 1:].T.copy(), dtype=torch.float32), torch.tensor(theta[:, 0].copy(), dtype=torch.float32)


def cost(params, x, targets, lam):
    w1, b1, w2, b2 = params
    logits = torch.sigmoid(x @ w1 + b1) @ w2 + b2
    m = x.shape[0]
    return F.binary_cross_entropy_with_logits(logits, targets, reduction="sum") / m + lam / (2 * m) * ((w1 ** 2).sum() + (w2 ** 2).sum())


def gradcheck(lam, eps):
    """ex4's check: ||num - ana|| / ||num + ana|| over all parameters unrolled, float32 central differences."""
    w1, b1 = debug_layer(5, 3)
    w2, b2 = debug_layer(3, 5)
    x = torch.tensor(debug_matrix(5, 3), dtype=torch.float32)  # ex4: X = debugInitializeWeights(m, input_layer_size - 1), m = 5
    targets = F.one_hot(torch.tensor([i % 3 for i in range(1, 6)]), 3).float()  # y = 1 + mod(1:m, 3), 0-based
    params = [p.clone().requires_grad_(True) for p in (w1, b1, w2, b2)]
    cost(params, x, targets, lam).backward()
    numerical, analytic = [], []
    with torch.no_grad():
        for p in params:
            flat = p.view(-1)
            for i in range(flat.numel()):
                w = flat[i].item()
                plus = torch.tensor(w + eps, dtype=torch.float32).item()
                minus = torch.tensor(w - eps, dtype=torch.float32).item()
                flat[i] = plus
                up = cost(params, x, targets, lam).item()
                flat[i] = minus
                down = cost(params, x, targets, lam).item()
                flat[i] = w
                numerical.append((up - down) / (plus - minus))
            analytic += p.grad.view(-1).tolist()
    num, ana = np.array(numerical), np.array(analytic)
    return np.linalg.norm(num - ana) / np.linalg.norm(num + ana)


def train(x, labels, lam, iterations, seed):
    torch.manual_seed(seed)
    init = lambda *shape: (torch.rand(*shape) * 2 - 1) * 0.12  # noqa: E731
    params = [init(400, 25), init(25), init(25, 10), init(10)]
    for p in params:
        p.requires_grad_(True)
    targets = F.one_hot(labels, 10).float()
    for _ in range(iterations):
        loss = cost(params, x, targets, lam)
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= ALPHA * g
    return params, loss.item()


def predict(params, x):
    w1, b1, w2, b2 = params
    with torch.no_grad():
        return (torch.sigmoid(x @ w1 + b1) @ w2 + b2).argmax(1)


def main():
    args = parse_args(__doc__)
    rows = []
    for lam in (0.0, 3.0):
        for eps in (1e-2, 1e-3):
            with Timer() as timer:
                value = gradcheck(lam, eps)
            variant = f"gradcheck 3-5-3, lambda {lam:g}, eps {eps:g}"
            log(f"  {variant}: {value:.2e}")
            rows.append(row(variant, "relative difference", value, timer.seconds))
    x, y, xt, yt = (torch.from_numpy(a) for a in mnist_split(args.seed, size=20))
    if args.quick:
        x, y = x[:500], y[:500]
    iterations = 100 if args.quick else 500
    for lam in LAMBDAS:
        with Timer() as timer:
            params, loss = train(x, y, lam, iterations, args.seed)
            train_acc = 100.0 * (predict(params, x) == y).float().mean().item()
            test_acc = 100.0 * (predict(params, xt) == yt).float().mean().item()
        log(f"  lambda {lam:g}: cost {loss:.4f}, train {train_acc:.2f}%, test {test_acc:.2f}%")
        rows.append(row(f"lambda {lam:g}", "training accuracy %", train_acc, timer.seconds))
        rows.append(row(f"lambda {lam:g}", "test accuracy %", test_acc, timer.seconds))
    print_rows(rows)


if __name__ == "__main__":
    main()
