#!/usr/bin/python3
"""Proves that PyTorch loads an nnlab checkpoint's model.safetensors as it is.

Run from the repository root with Debian's interpreter (it has torch 1.13):

    NNLAB_TORCH_CHECKPOINT_DIR=/tmp/nnlab-torch-checkpoint \\
      npx vitest run packages/checkpoint/src/torch-compat.test.ts   # writes the checkpoint
    /usr/bin/python3 tools/checkpoint_to_torch.py /tmp/nnlab-torch-checkpoint

It reads the checkpoint directory (checkpoint.json and model.safetensors; the
`latest` pointer of a root directory is followed), parses safetensors with
struct + json (the `safetensors` Python package is not needed), builds the
PyTorch model the checkpoint's model string describes (`mlp:12-10-6-3,...`:
nn.Sequential(Flatten, Linear, activation[, Dropout], ..., Linear), the same
child indices as nnlab's), loads the tensors with load_state_dict(strict=True)
without any transposing, and runs fixed inputs through it in eval mode. It
writes packages/checkpoint/src/fixtures/torch-predictions.json with
the SHA-256 of the model file, the inputs and PyTorch's logits; the test
checks that nnlab writes the same file bytes and predicts the same logits.
"""
import hashlib
import json
import os
import struct
import sys

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), '..', 'packages', 'checkpoint', 'src', 'fixtures', 'torch-predictions.json')
DTYPES = {'F32': torch.float32, 'F64': torch.float64, 'I32': torch.int32, 'I64': torch.int64, 'U8': torch.uint8, 'BOOL': torch.bool}
ACTIVATIONS = {'relu': nn.ReLU, 'leaky_relu': nn.LeakyReLU, 'sigmoid': nn.Sigmoid, 'tanh': nn.Tanh}


def read_safetensors(path):
    with open(path, 'rb') as f:
        data = f.read()
    (length,) = struct.unpack('<Q', data[:8])
    header = json.loads(data[8:8 + length])
    header.pop('__metadata__', None)
    base = 8 + length
    tensors = {}
    for name, entry in header.items():
        begin, end = entry['data_offsets']
        raw = bytearray(data[base + begin:base + end])
        tensors[name] = torch.frombuffer(raw, dtype=DTYPES[entry['dtype']]).reshape(entry['shape']).clone()
    return tensors


def build_mlp(spec):
    head, *options = spec.split(',')
    kind, sizes = head.split(':')
    assert kind == 'mlp', f'only mlp model strings are supported, got {spec}'
    sizes = [int(s) for s in sizes.split('-')]
    settings = dict(option.split('=') for option in options)
    activation = ACTIVATIONS[settings.get('activation', 'relu')]
    dropout = float(settings.get('dropout', 0))
    layers = [nn.Flatten()]
    for i in range(len(sizes) - 1):
        layers.append(nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(activation())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


def main():
    root = sys.argv[1]
    directory = root
    if not os.path.exists(os.path.join(root, 'checkpoint.json')):
        with open(os.path.join(root, 'latest')) as f:
            directory = os.path.join(root, f.read().strip())
    with open(os.path.join(directory, 'checkpoint.json')) as f:
        metadata = json.load(f)
    model_path = os.path.join(directory, 'model.safetensors')
    with open(model_path, 'rb') as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    assert sha256 == metadata['files']['model.safetensors']['sha256'], 'checksum in checkpoint.json does not match'

    model = build_mlp(metadata['model'])
    model.load_state_dict(read_safetensors(model_path), strict=True)  # no transposes: the file is in PyTorch's layout
    model.eval().double()

    torch.manual_seed(0)
    inputs = torch.randn(5, model[1].in_features, dtype=torch.float32)
    with torch.no_grad():
        logits = model(inputs.double())
    result = {
        'generatedBy': 'tools/checkpoint_to_torch.py',
        'torchVersion': torch.__version__,
        'model': metadata['model'],
        'modelSha256': sha256,
        'stateDict': {name: list(t.shape) for name, t in model.state_dict().items()},
        'inputs': inputs.double().tolist(),
        'logits': logits.tolist(),
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')
    print(f'loaded {model_path} into {metadata["model"]} with strict=True; wrote {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
