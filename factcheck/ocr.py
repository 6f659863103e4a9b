"""Text read off an image with Tesseract (Debian's tesseract-ocr, through pytesseract): pure, no Flask.

Tesseract runs as a child process with a timeout (pytesseract kills it), in the background job
`ocr_image`, never in a request. Without the binary the desk still works and says so.
"""
from __future__ import annotations

import os
import shutil

from PIL import Image, ImageOps

from factcheck.errors import DomainError

UNAVAILABLE = "OCR is unavailable on this server (tesseract is not installed)"
MIN_SIDE = 1000  # small screenshots are enlarged first: Tesseract reads ~10 px letters poorly


class OcrUnavailable(DomainError):
    status = 503

    def __init__(self, detail: str = ""):
        super().__init__(UNAVAILABLE + (f": {detail}" if detail else "") + ".")


class OcrFailed(DomainError):
    status = 422


def find_tesseract(command: str | None) -> str | None:
    """The binary's path, or None: a bare name is looked up on PATH, a path must be executable."""
    command = command or "tesseract"
    if os.sep in command:
        return command if os.path.isfile(command) and os.access(command, os.X_OK) else None
    return shutil.which(command)


def available(command: str | None) -> bool:
    return find_tesseract(command) is not None


def prepared_for_ocr(image: Image.Image) -> Image.Image:
    """Greyscale, alpha flattened on white, small images enlarged."""
    if image.mode in ("RGBA", "LA", "PA"):
        backdrop = Image.new("RGB", image.size, "white")
        backdrop.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = backdrop
    grey = ImageOps.grayscale(image)
    longest = max(grey.size)
    if longest < MIN_SIDE:
        factor = min(4, MIN_SIDE / longest)
        grey = grey.resize((round(grey.width * factor), round(grey.height * factor)), Image.Resampling.LANCZOS)
    return grey


def read_text(image: Image.Image, *, command: str | None = "tesseract", timeout: float = 30,
              lang: str = "eng") -> str:
    """The image's text, lines kept; OcrUnavailable without the binary, OcrFailed on timeout or error."""
    import pytesseract

    binary = find_tesseract(command)
    if binary is None:
        raise OcrUnavailable()
    pytesseract.pytesseract.tesseract_cmd = binary
    try:
        raw = pytesseract.image_to_string(prepared_for_ocr(image), lang=lang, timeout=timeout)
    except pytesseract.TesseractNotFoundError:
        raise OcrUnavailable() from None
    except RuntimeError as error:  # pytesseract's timeout
        if "timeout" in str(error).lower():
            raise OcrFailed(f"OCR took longer than {timeout:g} s and was stopped; retry, or enter the text by hand.") \
                from None
        raise OcrFailed(f"OCR failed: {error}") from None
    except pytesseract.TesseractError as error:
        raise OcrFailed(f"OCR failed: {error.message or error.status}") from None
    return tidy(raw)


def tidy(raw: str) -> str:
    """Tesseract's text: lines trimmed, runs of blank lines cut to one, form feeds dropped."""
    lines = [" ".join(line.split()) for line in raw.replace("\f", "\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def as_prose(text: str) -> str:
    """OCR lines joined into paragraphs (a meme's sentence broken over three lines is one sentence)."""
    paragraphs = [" ".join(block.split("\n")) for block in text.split("\n\n")]
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())
