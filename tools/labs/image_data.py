"""Data for the PyTorch lab twins, read exactly as nnlab's TypeScript labs read it.

- Fashion-MNIST from Debian's IDX files (`/usr/share/datasets/fashion-mnist/`), pixels / 255.
- A train/test split the TypeScript lab exported as IDX files (an image folder, loaded and split
  by @nnlab/datasets, so both sides train on identical arrays).
- Normalisation by the training split's mean and (population) standard deviation, one scalar per
  channel, as `computeMeanStd` in @nnlab/datasets computes them.

Images come back as float32 tensors [N, 1, 28, 28] (PyTorch's NCHW) and labels as int64 [N].
"""
import os

import numpy as np
import torch

from common import FASHION_MNIST_DIR, read_idx


def _pair(prefix):
    images = read_idx(os.path.join(FASHION_MNIST_DIR, f"{prefix}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(FASHION_MNIST_DIR, f"{prefix}-labels-idx1-ubyte.gz"))
    x = torch.from_numpy(images.astype(np.float32) / 255.0).unsqueeze(1)
    return x, torch.from_numpy(labels.astype(np.int64))


def load_fashion_mnist(train_limit=None, test_limit=None):
    """Fashion-MNIST's standard 60,000/10,000 split (the first `limit` examples of each when given)."""
    train_x, train_y = _pair("train")
    test_x, test_y = _pair("t10k")
    if train_limit is not None:
        train_x, train_y = train_x[:train_limit], train_y[:train_limit]
    if test_limit is not None:
        test_x, test_y = test_x[:test_limit], test_y[:test_limit]
    return train_x, train_y, test_x, test_y


def normalise(train_x, test_x):
    """Both splits normalised by the training split's mean/std (float64 sums, population std)."""
    values = train_x.double()
    mean = values.mean().item()
    std = values.std(unbiased=False).item()
    return (train_x - mean) / std, (test_x - mean) / std, mean, std


def load_exported_split(directory):
    """A train/test split the TypeScript lab exported (`{train,test}-{images,labels}.idx`), as tensors."""
    out = []
    for part in ("train", "test"):
        images = read_idx(os.path.join(directory, f"{part}-images.idx")).astype(np.float32)
        labels = read_idx(os.path.join(directory, f"{part}-labels.idx")).astype(np.int64)
        out += [torch.from_numpy(images.copy()).unsqueeze(1), torch.from_numpy(labels.copy())]
    return tuple(out)
