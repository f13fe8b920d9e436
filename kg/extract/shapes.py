"""What a name looks like: the token shapes candidate discovery accepts, and name morphology.

>>> words = ["FAMNet", "nnU-Net", "YOLOv9", "SAM-Med2D", "iMedImage", "Medical", "3D", "the"]
>>> [is_name_shaped(w) for w in words]
[True, True, True, True, True, False, False, False]
>>> morphology_label("MSVM-UNet"), morphology_label("MedCAL-Bench"), morphology_label("FSMIS")
('Model', 'Dataset', None)
"""

from __future__ import annotations

import re
from functools import lru_cache

_HAS_LETTER = re.compile(r"[A-Za-z]")
_PLAIN_WORD = re.compile(r"^[A-Z]?[a-z]+$")
_CAMEL = re.compile(r"[a-z][A-Z]")
_UPPER = re.compile(r"[A-Z]")
_LETTER_DIGIT = re.compile(r"[A-Za-z].*[0-9]|[0-9].*[A-Za-z]")
_ALLOWED = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-+_.&']*[A-Za-z0-9+]$")
# measurements, sequences and ordinary numerals that look like names: 3D, T1w, 10K, 2x, 512x512, B0
_NOT_A_NAME = re.compile(
    r"^(?:\d+(?:\.\d+)?[DdKkMmBbxX]|[Tt][12][A-Za-z]{0,3}|\d+(?:\.\d+)?[a-z]{1,3}|\d+x\d+|[A-Z]\d|\d+[A-Z]?-?\d*[a-z]*)$"
)

#: name endings that say "this is a network/model" or "this is a dataset/benchmark"
_MODEL_ENDINGS = re.compile(
    r"(?:net|nets|former|formers|unet|u-net|mamba|sam|gan|clip|vit|bert|gpt|diff|seg|morph|nerf|"
    r"llava|dino|dinov\d|yolo|detr|r-cnn|rcnn|adapter|vae|mae|fuse|fusion|med|path|vlm|llm|agent)$",
    re.IGNORECASE,
)
_MODEL_PARTS = re.compile(r"(?:Net|Former|UNet|U-Net|Mamba|SAM|GAN|CLIP|ViT|BERT|GPT|LLaVA|DINO|YOLO|DETR)")
_DATASET_ENDINGS = re.compile(r"(?:-?bench|-db|mnist|-\d+(?:\.\d+)?[KkMm]|-cxr\d*|-vqa|-qa)$", re.IGNORECASE)


@lru_cache(maxsize=65536)
def is_name_shaped(text: str) -> bool:
    """A token that looks like a coined name: CamelCase, several capitals, letters with digits."""
    if len(text) < 2 or not _HAS_LETTER.search(text) or not _ALLOWED.match(text):
        return False
    if _NOT_A_NAME.match(text):
        return False
    if "-" in text and all(_PLAIN_WORD.match(part) for part in text.split("-")):
        return False  # "Multi-Modal", "Self-Prompting": ordinary words in title case
    uppers = len(_UPPER.findall(text))
    if _CAMEL.search(text) or uppers >= 2:
        return True
    return bool(_LETTER_DIGIT.search(text)) and uppers >= 1


@lru_cache(maxsize=65536)
def morphology_label(text: str) -> str | None:
    """``Model`` or ``Dataset`` when the name's own shape says so, else None."""
    text = text.rstrip("+")
    if _DATASET_ENDINGS.search(text):
        return "Dataset"
    if _MODEL_ENDINGS.search(text) or _MODEL_PARTS.search(text):
        return "Model"
    return None
