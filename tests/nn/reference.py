"""Plain-loop reference layers for parity tests ("naive first, fast second").

Each function is written for reading, not for speed: one loop per index in the
formula. Other test modules may add their own reference functions here.
"""

import numpy as np


def conv2d(x, W, b, stride=1, padding=0):
    """y[n, o, i, j] = b[o] + sum_(c,u,v) x_pad[n, c, i*s+u, j*s+v] W[o, c, u, v].

    (One loop per output index; the sum is np.sum over the window.)
    """
    sh, sw = (stride, stride) if np.ndim(stride) == 0 else stride
    ph, pw = (padding, padding) if np.ndim(padding) == 0 else padding
    x = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    n, _, height, width = x.shape
    c_out, _, kh, kw = W.shape
    h_out, w_out = (height - kh) // sh + 1, (width - kw) // sw + 1
    y = np.zeros((n, c_out, h_out, w_out))
    for i in range(n):
        for o in range(c_out):
            for r in range(h_out):
                for c in range(w_out):
                    window = x[i, :, r * sh : r * sh + kh, c * sw : c * sw + kw]
                    y[i, o, r, c] = np.sum(window * W[o]) + b[o]
    return y


def pool2d(x, size, stride=None, reduce=np.max):
    """y[n, c, i, j] = reduce(x[n, c, window(i, j)]): max or mean pooling."""
    kh, kw = (size, size) if np.ndim(size) == 0 else size
    stride = size if stride is None else stride
    sh, sw = (stride, stride) if np.ndim(stride) == 0 else stride
    n, channels, height, width = x.shape
    h_out, w_out = (height - kh) // sh + 1, (width - kw) // sw + 1
    y = np.zeros((n, channels, h_out, w_out))
    for i in range(n):
        for ch in range(channels):
            for r in range(h_out):
                for c in range(w_out):
                    y[i, ch, r, c] = reduce(
                        x[i, ch, r * sh : r * sh + kh, c * sw : c * sw + kw]
                    )
    return y


def im2col(x, kh, kw, stride=1, padding=0):
    """Rows of flattened windows: rows in (n, oh, ow) order, columns in (c, i, j)."""
    x = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    n, _, height, width = x.shape
    h_out, w_out = (height - kh) // stride + 1, (width - kw) // stride + 1
    rows = []
    for i in range(n):
        for r in range(h_out):
            for c in range(w_out):
                rows.append(
                    x[
                        i, :, r * stride : r * stride + kh, c * stride : c * stride + kw
                    ].ravel()
                )
    return np.array(rows)
