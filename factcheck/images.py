"""An uploaded image, checked and re-encoded: pure (no Flask, no database).

`prepare(name, data, limits)` refuses anything that is not a PNG, JPEG or WebP *by its bytes* (the
name is never trusted), refuses decompression bombs from the header before any pixel is decoded,
verifies the file, keeps only the first frame of an animation, applies the EXIF orientation and then
writes a fresh file from the pixels alone: no EXIF (so no GPS position), no XMP, no ICC profile, no
text chunks survive. It also makes the desk's thumbnail and the perceptual hashes look-alikes are
found by (`fingerprints`).

Perceptual hashes (imagehash's pHash, 64 bits): a re-post or a re-compression keeps the hash within a
few bits, but a crop does not (10% off one side moves it 14 bits on the median, as far as unrelated
images). So besides the whole image, the hash of each of its one-side crops (5%, 10%, 15% off the
left, right, top, bottom) is stored: a crop of a stored image is near one of them (docs/intake.md).
"""
from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass, field

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from factcheck.errors import ValidationError

ImageFile.LOAD_TRUNCATED_IMAGES = False  # a truncated file is refused, never half-decoded
FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "WEBP": ("image/webp", ".webp")}
EXTENSIONS = (".png", ".jpg", ".jpeg", ".webp")
THUMBNAIL_SIDE = 320
CROP_STEPS = (0.05, 0.10, 0.15)  # the one-side crops hashed beside the whole image
SIDES = ("left", "right", "top", "bottom")
# what the first bytes of a file say it is, for the refusal message (the name says nothing)
OTHER_KINDS = ((b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"MZ", "a Windows program"),
               (b"\x7fELF", "a Linux program"), (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive"),
               (b"\xca\xfe\xba\xbe", "a program"), (b"\xcf\xfa\xed\xfe", "a macOS program"),
               (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"BM", "a BMP image"))


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 12_000

    @classmethod
    def from_config(cls, config) -> "Limits":
        return cls(max_bytes=int(float(config.get("MAX_IMAGE_MB") or 10) * 1024 * 1024),
                   max_pixels=int(config.get("MAX_IMAGE_PIXELS") or 40_000_000),
                   max_side=int(config.get("MAX_IMAGE_SIDE") or 12_000))


@dataclass(frozen=True)
class Fingerprints:
    phash: int   # of the whole image, unsigned 64 bits
    dhash: int
    variants: tuple[int, ...] = ()  # pHashes of the one-side crops, CROP_STEPS × SIDES


@dataclass(frozen=True)
class Prepared:
    data: bytes       # the re-encoded file, nothing but pixels
    mime: str
    extension: str
    width: int
    height: int
    sha256: str       # of `data`: the storage key
    thumbnail: bytes  # a small JPEG
    fingerprints: Fingerprints
    notes: tuple[str, ...] = field(default=())  # what was changed ("only the first of 12 frames was kept")


def sniff(data: bytes) -> str | None:
    """PNG, JPEG or WEBP from the file's magic bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def what_it_is(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "an SVG drawing (which can carry scripts)"
    if head.startswith((b"<!doctype", b"<html")):
        return "a web page"
    for magic, kind in OTHER_KINDS:
        if data.startswith(magic):
            return kind
    return "not an image this desk can read"


def check_bytes(name: str, data: bytes, limits: Limits) -> str:
    if not data:
        raise ValidationError(f"{name} is empty (0 bytes).")
    if len(data) > limits.max_bytes:
        raise ValidationError(f"{name} is {len(data) / 1048576:.1f} MB; images up to "
                              f"{limits.max_bytes / 1048576:.0f} MB are accepted.")
    kind = sniff(data)
    if kind is None:
        raise ValidationError(f"{name} is {what_it_is(data)}, not a PNG, JPEG or WebP image "
                              "(the file's contents decide, not its name).")
    return kind


def check_size(name: str, width: int, height: int, limits: Limits) -> None:
    """From the header alone, before a pixel is decoded: a 30,000 × 30,000 PNG of a few KB stops here."""
    if width <= 0 or height <= 0:
        raise ValidationError(f"{name} says it is {width} × {height} pixels, which no image is.")
    if width * height > limits.max_pixels or max(width, height) > limits.max_side:
        raise ValidationError(f"{name} is {width:,} × {height:,} pixels; images up to "
                              f"{limits.max_pixels / 1e6:.0f} megapixels and {limits.max_side:,} pixels a side "
                              "are accepted (a larger one would take too much memory to open).")


def _open(data: bytes, kind: str) -> Image.Image:
    image = Image.open(io.BytesIO(data), formats=[kind])
    return image


def _decode(name: str, data: bytes, kind: str, limits: Limits) -> tuple[Image.Image, list[str]]:
    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = _open(data, kind)
            check_size(name, *probe.size, limits)
            probe.verify()  # structure and checksums, without decoding the pixels
            image = _open(data, kind)  # verify() leaves the object unusable: open it again
            frames = getattr(image, "n_frames", 1)  # PNG's acTL / WebP's header: no frame is decoded
            if frames > 1:
                image.seek(0)
                notes.append(f"The image was animated ({frames} frames); only the first frame was kept.")
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            size = re.search(r"\((\d+) pixels\)", str(error))
            many = f"{int(size.group(1)):,} pixels" if size else "too many pixels"
            raise ValidationError(f"{name} is {many}, a decompression bomb: images up to "
                                  f"{limits.max_pixels / 1e6:.0f} megapixels are accepted.") from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(f"{name} is a damaged or truncated {kind} file ({error}).") from None
    return image, notes


def _pixels_only(image: Image.Image) -> Image.Image:
    """The pixels, the right way up, in a plain mode, in a new image that carries no metadata at all."""
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA", "L"):
        has_alpha = image.mode in ("LA", "PA", "RGBa", "La") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    return Image.frombytes(image.mode, image.size, image.tobytes())


def _encode(image: Image.Image, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "JPEG":
        (image.convert("RGB") if image.mode == "RGBA" else image).save(out, "JPEG", quality=90)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        image.save(out, "PNG")
    return out.getvalue()


def thumbnail(image: Image.Image, side: int = THUMBNAIL_SIDE) -> bytes:
    small = image.copy()
    small.thumbnail((side, side))
    if small.mode in ("RGBA", "LA"):
        backdrop = Image.new("RGB", small.size, "white")
        backdrop.paste(small, mask=small.getchannel("A"))
        small = backdrop
    out = io.BytesIO()
    small.convert("RGB").save(out, "JPEG", quality=80)
    return out.getvalue()


def hash_int(value) -> int:
    """An imagehash.ImageHash as its 64-bit integer."""
    return int(str(value), 16)


def one_side_crop(image: Image.Image, share: float, side: str) -> Image.Image:
    width, height = image.size
    dx, dy = int(width * share), int(height * share)
    box = {"left": (dx, 0, width, height), "right": (0, 0, width - dx, height),
           "top": (0, dy, width, height), "bottom": (0, 0, width, height - dy)}[side]
    return image.crop(box)


def fingerprints(image: Image.Image, *, crops: bool = True) -> Fingerprints:
    """pHash and dHash of the whole image and (stored images) the pHash of each one-side crop."""
    import imagehash  # here, not at import: it brings numpy (~13 MB per worker that never hashes an image)

    rgb = image.convert("RGB")
    variants = tuple(hash_int(imagehash.phash(one_side_crop(rgb, share, side)))
                     for share in CROP_STEPS for side in SIDES) if crops else ()
    return Fingerprints(hash_int(imagehash.phash(rgb)), hash_int(imagehash.dhash(rgb)), variants)


def prepare(name: str, data: bytes, limits: Limits = Limits()) -> Prepared:
    """Check, re-encode, thumbnail and fingerprint an upload; ValidationError says what is wrong."""
    kind = check_bytes(name, data, limits)
    image, notes = _decode(name, data, kind, limits)
    clean = _pixels_only(image)
    encoded = _encode(clean, kind)
    mime, extension = FORMATS[kind]
    return Prepared(data=encoded, mime=mime, extension=extension, width=clean.width, height=clean.height,
                    sha256=hashlib.sha256(encoded).hexdigest(), thumbnail=thumbnail(clean),
                    fingerprints=fingerprints(clean), notes=tuple(notes))


def open_stored(data: bytes) -> Image.Image:
    """A file this module wrote (for OCR): already checked, so opened as it is."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# -- look-up helpers: a 64-bit hash as four 16-bit bands (any two hashes within 3 bits share a band)
BANDS = 4
BAND_BITS = 16


def bands(value: int) -> tuple[int, ...]:
    return tuple((value >> (BAND_BITS * i)) & 0xFFFF for i in range(BANDS))


def band_neighbours(band: int) -> list[int]:
    """The band itself and every value one bit away: probing these finds any hash within 7 bits."""
    return [band, *(band ^ (1 << bit) for bit in range(BAND_BITS))]


def to_signed(value: int) -> int:
    """An unsigned 64-bit hash as the signed integer a BIGINT column holds."""
    return value - (1 << 64) if value >= 1 << 63 else value


def to_unsigned(value: int) -> int:
    return value + (1 << 64) if value < 0 else value


def distance(a: int, b: int) -> int:
    return (to_unsigned(a) ^ to_unsigned(b)).bit_count()
