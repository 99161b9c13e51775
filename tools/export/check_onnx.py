#!/usr/bin/python3
"""Validates ONNX files with onnx.checker (full check, with shape inference).

Usage: /usr/bin/python3 tools/export/check_onnx.py FILE.onnx...
Needs Debian's python3-onnx. Prints one line per file; exits 1 on the first invalid one.
@nnlab/export's tests run it on every exported model when python3-onnx is installed.
"""
import sys

import onnx

for path in sys.argv[1:]:
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as error:  # onnx raises ValidationError or InferenceError
        print(f"{path}: invalid: {error}")
        sys.exit(1)
    opset = ", ".join(f"{entry.domain or 'ai.onnx'} {entry.version}" for entry in model.opset_import)
    print(f"{path}: valid (IR {model.ir_version}, opset {opset}, {len(model.graph.node)} nodes)")
