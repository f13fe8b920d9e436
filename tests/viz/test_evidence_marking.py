"""The explorer marks an entity's mention in an evidence sentence as a whole word.

Runs the explorer's own JS source on Node.js.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

PANEL = Path(__file__).resolve().parents[2] / "viz" / "explorer" / "frontend" / "src" / "panel.js"
NODE = shutil.which("node")


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
@pytest.mark.parametrize(
    ("sentence", "terms", "marked"),
    [
        ("SAMSA: Segment Anything Model Enhanced", ["SAM", "Segment Anything Model"],
         "Segment Anything Model"),
        ("we introduce FluoroSAM, a variant of SAM.", ["SAM"], "SAM"),
        ("Compared with nnU-Net and U-Net.", ["U-Net"], "U-Net"),
        ("Segment Anything Model 2 (SAM 2) is used.", ["SAM 2", "Segment Anything Model 2"],
         "Segment Anything Model 2"),
        ("no mention here", ["SAM"], None),
    ],
)
def test_the_first_whole_word_mention_is_marked(sentence: str, terms: list[str], marked: str | None) -> None:
    script = (f"import {{firstMention}} from {json.dumps(PANEL.as_uri())};"
              f"console.log(JSON.stringify(firstMention({json.dumps(sentence)}, {json.dumps(terms)})));")
    out = subprocess.run([str(NODE), "--input-type=module", "-e", script], capture_output=True, text=True,
                         check=True, timeout=30).stdout
    found = json.loads(out)
    assert (sentence[found["at"] : found["at"] + found["length"]] if found else None) == marked
