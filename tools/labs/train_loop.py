"""The training loop of the PyTorch lab twins: what nnlab's `fit` does, in PyTorch.

Shuffled mini-batches (last batch partial, as nnlab's DataLoader), cross-entropy on logits, the
optimizer step, then test loss and accuracy in eval mode after every epoch.
"""
import time

import torch
from torch import nn


def evaluate(model, x, y, batch_size=1000):
    """Mean cross-entropy and accuracy (%) of `model` on (x, y), in eval mode."""
    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), batch_size):
            logits = model(x[start:start + batch_size])
            target = y[start:start + batch_size]
            loss_sum += nn.functional.cross_entropy(logits, target, reduction="sum").item()
            correct += (logits.argmax(1) == target).sum().item()
    model.train()
    return loss_sum / len(x), 100.0 * correct / len(x)


def fit(model, optimizer, train, test, epochs, batch_size, seed, on_epoch=None, scheduler=None):
    """Trains for `epochs`; returns one dict per epoch (loss, test loss, test accuracy %, seconds).

    `scheduler(epoch_log)` runs after each epoch (reduce-on-plateau steps on the test accuracy).
    """
    train_x, train_y = train
    generator = torch.Generator().manual_seed(seed)
    history = []
    started = time.perf_counter()
    model.train()
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(train_x), generator=generator)
        loss_sum, seen = 0.0, 0
        for start in range(0, len(order), batch_size):
            index = order[start:start + batch_size]
            optimizer.zero_grad(set_to_none=True)
            loss = nn.functional.cross_entropy(model(train_x[index]), train_y[index])
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(index)
            seen += len(index)
        test_loss, test_accuracy = evaluate(model, *test)
        log = {"epoch": epoch, "loss": loss_sum / seen, "testLoss": test_loss, "testAccuracy": test_accuracy,
               "seconds": time.perf_counter() - started}
        history.append(log)
        if scheduler is not None:
            scheduler(log)
        if on_epoch is not None:
            on_epoch(log)
    return history
