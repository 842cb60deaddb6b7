"""Makes the tiny image fixtures that OncoFace's own encoders cannot: 16-bit, palette and interlaced
PNGs and an Adobe CMYK JPEG.

Every fixture holds the same 8x6 pattern: pixel (x, y) = (32x, 40y, 128); grey ones hold 30x + 8y.
The tests check exact values. Run with Pillow installed: python3 make_fixtures.py
"""
import struct
import zlib

from PIL import Image

W, H = 8, 6


def pattern(x, y):
    return (32 * x, 40 * y, 128)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(path, colour_type, depth, pixel_bytes, interlace=False):
    """A raw PNG: pixel_bytes(x, y) gives one pixel's bytes; Adam7 passes when interlace."""
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
              (0, 1, 1, 2)] if interlace else [(0, 0, 1, 1)]
    raw = b""
    for x0, y0, dx, dy in passes:
        xs, ys = range(x0, W, dx), range(y0, H, dy)
        if len(xs) == 0 or len(ys) == 0:
            continue
        for y in ys:
            raw += b"\0" + b"".join(pixel_bytes(x, y) for x in xs)
    header = struct.pack(">IIBBBBB", W, H, depth, colour_type, 0, 0, 1 if interlace else 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
                + chunk(b"IEND", b""))


png("interlaced.png", 2, 8, lambda x, y: bytes(pattern(x, y)), interlace=True)
png("rgb16.png", 2, 16, lambda x, y: b"".join(struct.pack(">H", v * 257) for v in pattern(x, y)))
png("grey16.png", 0, 16, lambda x, y: struct.pack(">H", (30 * x + 8 * y) * 257))
# 16-bit RGBA, interlaced, left half opaque, right half fully transparent.
png("rgba16-interlaced.png", 6, 16, lambda x, y: b"".join(
    struct.pack(">H", v * 257) for v in pattern(x, y) + ((255 if x < 4 else 0),)), interlace=True)

rgb = Image.new("RGB", (W, H))
rgb.putdata([pattern(x, y) for y in range(H) for x in range(W)])
rgb.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save("palette.png")
rgb.convert("CMYK").save("cmyk.jpg", quality=100, subsampling=0)
