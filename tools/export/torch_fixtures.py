#!/usr/bin/python3
"""PyTorch state dicts for @nnlab/export's importTorch test (nnlab checkpoint import).

Run from the repository root with Debian's interpreter (torch 1.13):

    /usr/bin/python3 tools/export/torch_fixtures.py

Builds two models in PyTorch with the child indices nnlab's model strings give,
  cnn                        Conv2d(1,16,5) ReLU MaxPool2d(2) Conv2d(16,32,3) ReLU MaxPool2d(2) Flatten Linear(800,128) ReLU Linear(128,10)
  mlp:784-16-10,batchnorm=true  Flatten Linear(784,16) BatchNorm1d(16) ReLU Linear(16,10)
from torch.manual_seed(0) (the batch-norm model after three training-mode batches,
so its running statistics are not 0 and 1), saves each state_dict as safetensors
(written with struct + json, as safetensors.torch.save_file lays it out) into
packages/export/src/fixtures/, and writes torch-fixtures.json: four input images
in nnlab's layout ([N, 28, 28, 1] pixels in [0, 1]) and PyTorch's logits for them
(NCHW, in eval mode). The output is deterministic for a torch version.
"""
import json
import os
import struct

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'packages', 'export', 'src', 'fixtures')
NAMES = {torch.float32: 'F32', torch.int64: 'I64'}


def save_safetensors(state, path):
    header, chunks, offset = {}, [], 0
    for name, tensor in state.items():
        data = tensor.detach().contiguous().numpy().tobytes()
        header[name] = {'dtype': NAMES[tensor.dtype], 'shape': list(tensor.shape), 'data_offsets': [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    header['__metadata__'] = {'format': 'pt'}
    text = json.dumps(header, separators=(',', ':')).encode()
    text += b' ' * (-len(text) % 8)
    with open(path, 'wb') as f:
        f.write(struct.pack('<Q', len(text)) + text + b''.join(chunks))


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(0)
    models = {
        'cnn': nn.Sequential(
            nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(800, 128), nn.ReLU(), nn.Linear(128, 10)),
        'mlp:784-16-10,batchnorm=true': nn.Sequential(nn.Flatten(), nn.Linear(784, 16), nn.BatchNorm1d(16), nn.ReLU(), nn.Linear(16, 10)),
    }
    bn = models['mlp:784-16-10,batchnorm=true'].train()
    for _ in range(3):
        bn(torch.rand(32, 1, 28, 28) * 2 - 0.5)
    images = torch.rand(4, 28, 28, 1)  # nnlab layout, pixels in [0, 1]
    result = {'generatedBy': 'tools/export/torch_fixtures.py', 'torchVersion': torch.__version__, 'images': images.flatten().tolist(), 'models': {}}
    for spec, model in models.items():
        model.eval()
        file = ('torch-' + spec.split(':')[0].split(',')[0] + ('-bn' if 'batchnorm' in spec else '') + '.safetensors')
        save_safetensors(model.state_dict(), os.path.join(OUT, file))
        with torch.no_grad():
            logits = model(images.permute(0, 3, 1, 2))
        result['models'][spec] = {'file': file, 'logits': logits.tolist()}
        print(f'{spec}: wrote {file} ({sum(t.numel() for t in model.state_dict().values())} values)')
    with open(os.path.join(OUT, 'torch-fixtures.json'), 'w') as f:
        json.dump(result, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
