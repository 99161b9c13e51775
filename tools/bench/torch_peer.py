#!/usr/bin/python3
"""PyTorch peer of `nnlab bench --peers torch`.

Trains nnlab's benchmark workloads (same models, shapes, batch sizes and
optimizers, random data) in PyTorch and reports samples/s. It is a
long-lived process driven over stdin/stdout with one JSON object per line,
so the bench can interleave PyTorch's timed runs with its own:

  -> {"cmd": "info"}
  <- {"ok": true, "torch": "1.13.1", "python": "3.11.2"}
  -> {"cmd": "measure", "workload": {...nnlab Workload...}, "batchSize": 64,
      "seed": 0, "seconds": 1.0, "threads": [1, 2]}
  <- {"ok": true, "runs": [{"threads": 1, "blasThreads": 1, "samplesPerSec": ..., "stepMs": ..., "steps": ...}, ...]}

  -> {"cmd": "train", "recipe": {...}, "dataPath": "...", "trainCount": n, "testCount": m,
      "seed": 0, "maxSeconds": 300, "threads": [1, 2]}
  <- {"ok": true, "run": {"reached": true, "seconds": ..., "steps": ..., "curve": [...], ...}}
     (time-to-accuracy training, see torch_to_accuracy.py)

Each thread count is timed for `seconds` (at least one step) after the
workload's first call warmed it up, with OpenBLAS (which runs the GEMMs of
linear layers, and ignores torch.set_num_threads) on one thread; and one
torch thread is also timed with OpenBLAS on the most threads asked for.
Which is fastest depends on the workload (see blas_threads.py). Run with Debian's
interpreter (/usr/bin/python3, package python3-torch).
"""
import json
import platform
import sys
import time

import torch
from torch import nn

import torch_to_accuracy
from blas_threads import set_blas_threads, thread_configurations

NAMED_MODELS = {
    "mlp": "mlp:784-300-10",
    "mlp-deep": "mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu",
}


def mlp(text):
    head, *options = text.split(",")
    sizes = [int(s) for s in head.split(":", 1)[1].split("-")]
    settings = dict(option.split("=", 1) for option in options)
    activation = settings.get("activation", "relu")
    batch_norm = settings.get("batchnorm", "false") == "true"
    dropout = float(settings.get("dropout", "0"))
    layers = [nn.Flatten()]
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            if batch_norm:
                layers.append(nn.BatchNorm1d(sizes[i + 1]))
            layers.append({
                "relu": nn.ReLU(),
                "leaky_relu": nn.LeakyReLU(0.01),
                "sigmoid": nn.Sigmoid(),
                "tanh": nn.Tanh(),
            }[activation])
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(800, 128), nn.ReLU(), nn.Linear(128, 10))


def jaxjs_convnet():
    """jax-js's MNIST demo convnet (the bench's jaxjs-convnet recipe)."""
    return nn.Sequential(
        nn.Conv2d(1, 24, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(24, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(800, 128), nn.ReLU(), nn.Linear(128, 10))


def cnn2():
    return nn.Sequential(
        nn.Conv2d(1, 32, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(3136, 256), nn.ReLU(), nn.Linear(256, 10))


def cnn3():
    layers = []
    channels = [1, 16, 32, 64, 128]
    for i in range(4):
        layers += [nn.Conv2d(channels[i], channels[i + 1], 5, padding="same"), nn.BatchNorm2d(channels[i + 1]), nn.ReLU()]
        if channels[i + 1] == 64:
            layers.append(nn.MaxPool2d(2))
        if channels[i + 1] == 128:
            layers.append(nn.MaxPool2d(3, stride=1))
    layers += [nn.Flatten(), nn.Dropout(0.05), nn.Linear(18432, 10)]
    return nn.Sequential(*layers)


def build_model(spec):
    text = NAMED_MODELS.get(spec, spec)
    if text.startswith("mlp:"):
        return mlp(text)
    builders = {"cnn": cnn, "cnn2": cnn2, "cnn3": cnn3, "jaxjs-convnet": jaxjs_convnet}
    if text in builders:
        return builders[text]()
    raise ValueError(f"torch peer: unknown model {spec!r}")


def build_optimizer(name, options, parameters):
    lr = float(options.get("learningRate", 1e-3))
    weight_decay = float(options.get("weightDecay", 0))
    if name == "adam":
        return torch.optim.Adam(parameters, lr=lr, betas=(options.get("beta1", 0.9), options.get("beta2", 0.999)),
                                eps=options.get("epsilon", 1e-8), weight_decay=weight_decay)
    if name == "adamw":
        return torch.optim.AdamW(parameters, lr=lr, betas=(options.get("beta1", 0.9), options.get("beta2", 0.999)),
                                 eps=options.get("epsilon", 1e-8), weight_decay=options.get("weightDecay", 1e-2))
    if name == "adagrad":
        return torch.optim.Adagrad(parameters, lr=lr, eps=options.get("epsilon", 1e-10), weight_decay=weight_decay)
    if name == "sgd":
        return torch.optim.SGD(parameters, lr=lr, momentum=options.get("momentum", 0), dampening=options.get("dampening", 0),
                               nesterov=bool(options.get("nesterov", False)), weight_decay=weight_decay)
    if name == "rmsprop":
        return torch.optim.RMSprop(parameters, lr=lr, alpha=options.get("decay", 0.99), eps=options.get("epsilon", 1e-8),
                                   momentum=options.get("momentum", 0), weight_decay=weight_decay)
    raise ValueError(f"torch peer: unknown optimizer {name!r}")


class Job:
    """One workload at one batch size, built once and reused by every measure call."""

    def __init__(self, workload, batch_size, seed):
        torch.manual_seed(seed)
        self.batch_size = batch_size
        self.model = build_model(workload["model"])
        self.model.train()
        optimizer = workload["optimizer"]
        self.optimizer = build_optimizer(optimizer["name"], optimizer.get("options", {}), self.model.parameters())
        shape = workload["inputShape"]
        # nnlab's images are NHWC [28, 28, 1]; PyTorch convolutions take NCHW.
        image = len(shape) == 3
        self.x = torch.rand(batch_size, shape[2], shape[0], shape[1]) if image else torch.rand(batch_size, *shape)
        self.y = torch.randint(0, workload["numClasses"], (batch_size,))
        self.loss = nn.CrossEntropyLoss()
        self.warm = set()

    def step(self):
        self.optimizer.zero_grad(set_to_none=True)
        loss = self.loss(self.model(self.x), self.y)
        loss.backward()
        self.optimizer.step()
        return loss.item()

    def time(self, threads, blas_threads, seconds):
        torch.set_num_threads(threads)
        blas_threads = set_blas_threads(blas_threads) or 1
        if (threads, blas_threads) not in self.warm:
            self.step()
            self.step()
            self.warm.add((threads, blas_threads))
        steps = 0
        started = time.perf_counter()
        elapsed = 0.0
        while steps == 0 or elapsed < seconds:
            self.step()
            steps += 1
            elapsed = time.perf_counter() - started
        return {"threads": threads, "blasThreads": blas_threads, "samplesPerSec": steps * self.batch_size / elapsed, "stepMs": elapsed * 1000 / steps, "steps": steps}


def main():
    jobs = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            request = json.loads(line)
            if request["cmd"] == "info":
                reply = {"ok": True, "torch": torch.__version__, "python": platform.python_version(),
                         "mkldnn": bool(torch.backends.mkldnn.is_available()), "maxThreads": torch.get_num_threads()}
            elif request["cmd"] == "measure":
                workload = request["workload"]
                key = (workload["name"], request["batchSize"])
                if key not in jobs:
                    jobs[key] = Job(workload, request["batchSize"], request.get("seed", 0))
                pairs = thread_configurations([int(t) for t in request.get("threads", [1])])
                runs = [jobs[key].time(t, b, float(request["seconds"])) for t, b in pairs]
                reply = {"ok": True, "runs": runs}
            elif request["cmd"] == "train":
                reply = {"ok": True, "run": torch_to_accuracy.train(request, build_model, build_optimizer)}
            else:
                reply = {"ok": False, "error": f"unknown command {request['cmd']!r}"}
        except Exception as error:  # reported to the bench, which shows it in the peer's row
            reply = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
