"""Checking and re-encoding uploaded images (factcheck.images) and the local media store: pure."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw, PngImagePlugin

from factcheck import images
from factcheck.errors import ValidationError
from factcheck.storage import LocalStorage, StorageError, key_for

LIMITS = images.Limits(max_bytes=2 * 1024 * 1024, max_pixels=40_000_000, max_side=12_000)


def picture(size=(400, 300), seed=1) -> Image.Image:
    image = Image.new("RGB", size, (30 * seed % 256, 120, 200))
    draw = ImageDraw.Draw(image)
    for n in range(8):
        draw.ellipse([n * 40, (n * 37 * seed) % 200, n * 40 + 90, (n * 37 * seed) % 200 + 70],
                     fill=((n * 60 * seed) % 256, (n * 90) % 256, 40))
    return image


def encoded(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A valid 1-bit PNG of width × height white pixels: ~110 MB of rows compress to a few hundred KB."""
    squeeze, row = zlib.compressobj(9), b"\x00" + b"\x00" * ((width + 7) // 8)
    parts = [squeeze.compress(row * 1000) for _ in range(height // 1000)] + [squeeze.flush()]
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("name, data, says", [
    ("photo.png", b"MZ\x90\x00\x03" + b"\x00" * 200, "a Windows program"),
    ("photo.png", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "a Linux program"),
    ("meme.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "an SVG drawing"),
    ("meme.svg", b'<svg onload="alert(1)"></svg>', "an SVG drawing"),
    ("empty.png", b"", "is empty (0 bytes)"),
    ("notes.jpg", b"just some words, not a picture", "not an image this desk can read"),
])
def test_what_is_not_a_png_jpeg_or_webp_by_its_bytes_is_refused_by_name(name, data, says):
    with pytest.raises(ValidationError) as refused:
        images.prepare(name, data, LIMITS)
    assert says in refused.value.message and name in refused.value.message


def test_an_animated_gif_of_a_thousand_frames_is_refused_as_a_type_without_decoding_it():
    frames = [Image.new("RGB", (8, 8), (n % 256, (n // 256) * 60, 0)) for n in range(1000)]
    data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(data)).n_frames == 1000
    with pytest.raises(ValidationError, match="a GIF image, not a PNG, JPEG or WebP"):
        images.prepare("animated.gif", data, LIMITS)


def test_a_30000_pixel_square_png_bomb_is_refused_from_its_header():
    bomb = png_bomb()
    assert len(bomb) < 400_000  # small on the wire, 900 megapixels decoded
    with pytest.raises(ValidationError) as refused:
        images.prepare("bomb.png", bomb, LIMITS)
    assert "900,000,000 pixels, a decompression bomb: images up to 40 megapixels" in refused.value.message


def test_an_image_over_the_configured_megapixels_or_side_is_refused_with_its_size():
    data = png_bomb(8_000, 6_000)  # 48 megapixels, over the 40 allowed
    with pytest.raises(ValidationError, match="8,000 × 6,000 pixels; images up to 40 megapixels"):
        images.prepare("wide.png", data, LIMITS)
    with pytest.raises(ValidationError, match="500 pixels a side"):
        images.prepare("tall.png", encoded(picture((200, 600))), images.Limits(max_side=500))


def test_a_truncated_png_and_a_truncated_jpeg_are_refused_as_damaged():
    png, jpeg = encoded(picture()), encoded(picture(), "JPEG", quality=90)
    for name, data in (("cut.png", png[: len(png) // 2]), ("cut.jpg", jpeg[: len(jpeg) // 2])):
        with pytest.raises(ValidationError, match="damaged or truncated"):
            images.prepare(name, data, LIMITS)


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened():
    with pytest.raises(ValidationError, match="images up to 1 MB are accepted"):
        images.prepare("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (1024 * 1024 + 10), images.Limits(max_bytes=1024 * 1024))


def gps_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show it upright
    exif[0x010F] = "PhoneMaker"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}  # GPS: London
    return encoded(picture((400, 300)), "JPEG", quality=90, exif=exif.tobytes(), icc_profile=b"\x00" * 128 + b"acsp")


def test_a_jpeg_loses_its_exif_gps_and_icc_profile_and_is_turned_upright():
    original = gps_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the upload carries a location
    result = images.prepare("phone.jpg", original, LIMITS)
    stored = Image.open(io.BytesIO(result.data))
    assert (result.mime, result.extension) == ("image/jpeg", ".jpg")
    assert (stored.width, stored.height) == (300, 400) == (result.width, result.height)  # rotated by the EXIF
    assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"PhoneMaker" not in result.data and b"Exif" not in result.data
    thumb = Image.open(io.BytesIO(result.thumbnail))
    assert thumb.format == "JPEG" and max(thumb.size) <= images.THUMBNAIL_SIDE and not thumb.getexif()


def test_a_png_loses_its_text_and_xmp_chunks():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret source name")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 51.5 -0.12</x:xmpmeta>")
    result = images.prepare("shot.png", encoded(picture(), pnginfo=info), LIMITS)
    assert b"secret source name" not in result.data and b"xmpmeta" not in result.data
    assert Image.open(io.BytesIO(result.data)).text == {}


def test_an_animated_png_keeps_only_its_first_frame():
    first, second = picture(seed=1), picture(seed=5)
    data = encoded(first, "PNG", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(data)).n_frames == 2
    result = images.prepare("moving.png", data, LIMITS)
    stored = Image.open(io.BytesIO(result.data))
    assert getattr(stored, "n_frames", 1) == 1 and "only the first frame was kept" in result.notes[0]
    assert images.distance(result.fingerprints.phash, images.fingerprints(first).phash) <= 2


def test_webp_is_accepted_and_stays_webp():
    result = images.prepare("post.webp", encoded(picture(), "WEBP", quality=80), LIMITS)
    assert result.mime == "image/webp" and Image.open(io.BytesIO(result.data)).format == "WEBP"


def recompressed(image: Image.Image, quality: int = 40) -> Image.Image:
    return Image.open(io.BytesIO(encoded(image.convert("RGB"), "JPEG", quality=quality)))


def nearest(stored: images.Fingerprints, query: images.Fingerprints) -> int:
    return min(images.distance(query.phash, value) for value in (stored.phash, *stored.variants))


def test_a_crop_and_recompression_stay_near_a_stored_hash_and_an_unrelated_image_does_not():
    original = picture((800, 600), seed=3)
    stored = images.fingerprints(original)
    cropped = recompressed(images.one_side_crop(original, 0.10, "right"))
    assert nearest(stored, images.fingerprints(cropped, crops=False)) <= 6
    assert images.distance(stored.phash, images.fingerprints(recompressed(original)).phash) <= 2
    assert images.distance(stored.phash, images.fingerprints(cropped).phash) > 6  # the whole-image hash alone misses it
    unrelated = images.fingerprints(picture((800, 600), seed=11), crops=False)
    assert nearest(stored, unrelated) > 10


def test_bands_and_signed_storage_round_trip():
    value = 0xF00D_BEEF_0123_ABCD
    assert images.to_unsigned(images.to_signed(value)) == value and images.to_signed(value) < 0
    assert images.bands(value) == (0xABCD, 0x0123, 0xBEEF, 0xF00D)
    assert len(set(images.band_neighbours(0xABCD))) == 17


def test_the_local_store_is_content_addressed_and_never_shows_half_a_file(tmp_path):
    store = LocalStorage(tmp_path / "media")
    key = key_for("image", "ab" * 32, ".png")
    assert store.put(key, b"pixels") is True and store.put(key, b"pixels") is False  # the second shares the first
    assert store.get(key) == b"pixels" and store.keys() == [key]
    store.delete(key)
    assert not store.exists(key) and store.keys() == []
    with pytest.raises(StorageError):
        store.get(key)
    with pytest.raises(StorageError):
        store.put("../../etc/passwd", b"x")  # only keys this module makes
