"""Risk-of-bias figures as images for journals: PNG or TIFF at 600 dpi."""

from __future__ import annotations

import io

import pymupdf

DPI = 600


def rob_images(pdf: bytes, suffix: str) -> list[bytes]:
    """Each page of a figure PDF as a PNG or TIFF at 600 dpi."""
    images = []
    with pymupdf.open(stream=pdf, filetype="pdf") as document:  # type: ignore[no-untyped-call]  # unannotated in PyMuPDF
        for page in document:
            pixmap = page.get_pixmap(dpi=DPI, alpha=False)
            images.append(pixmap.tobytes("png") if suffix == ".png" else _tiff(pixmap))
    return images


def _tiff(pixmap: pymupdf.Pixmap) -> bytes:
    from PIL import Image  # reportlab's own dependency

    image = Image.frombytes("RGB", (pixmap.width, pixmap.height), pixmap.samples)
    buffer = io.BytesIO()
    image.save(buffer, format="TIFF", dpi=(DPI, DPI), compression="tiff_lzw")
    return buffer.getvalue()
