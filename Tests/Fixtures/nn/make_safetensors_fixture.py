#!/usr/bin/env python3
"""Writes reference.safetensors with Hugging Face's safetensors library (an independent writer).

OncoNN's SafeTensorsTests read this file and check every value below. Regenerate with
    pip install safetensors numpy && python3 make_safetensors_fixture.py
"""
import numpy as np
from safetensors.numpy import save_file

tensors = {
    # A conv weight [out, in, k, k]: value = 1000*o + 100*i + 10*y + x.
    "conv.weight": np.fromfunction(lambda o, i, y, x: 1000 * o + 100 * i + 10 * y + x, (2, 3, 3, 3)).astype(np.float32),
    # A linear weight [out, in] and a bias [out].
    "fc.weight": (np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5) / 4,
    "fc.bias": np.array([0.5, -1.25, 3.0], dtype=np.float32),
    # Other float types OncoNN converts to float32.
    "half": np.array([1.5, -2.0, 65504.0], dtype=np.float16),
    "double": np.array([[1.0 / 3.0, -7.25]], dtype=np.float64),
    "scalar": np.array(42.0, dtype=np.float32),
}
save_file(tensors, "reference.safetensors", metadata={"writer": "safetensors-python", "epoch": "7"})
