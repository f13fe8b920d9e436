"""Text normalisation of titles/abstracts, and venue parsing from comments."""

from __future__ import annotations

import doctest
import importlib

import pytest

from loaders.text import normalize_text
from loaders.venues import parse_venue


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("DS$^2$Net: Detail-Semantic", "DS2Net: Detail-Semantic"),
        ("$P^2SAM$ for few-shot", "P2SAM for few-shot"),
        ("reduces $CO_2$ emissions", "reduces CO2 emissions"),
        (r"risk level $\alpha$.", "risk level α."),
        (r"7.4$\times$ better", "7.4× better"),
        (r"occur in $45\%$ of images", "occur in 45% of images"),
        ("volumes of $256^3$ voxels", "volumes of 256^3 voxels"),
        ("cohort ($n$=3183)", "cohort (n=3183)"),
        ("We propose FetMRQC$_{SR}$, a method", "We propose FetMRQC_SR, a method"),
        (r"accuracy of 71.86\% on KOA", "accuracy of 71.86% on KOA"),
        (r"Fr\'echet Inception Distance", "Fréchet Inception Distance"),
        (r"we propose \textbf{NEARL-CLIP} (i\underline{N}teracted)", "we propose NEARL-CLIP (iNteracted)"),
        (r"M\textsuperscript{3}Bind first", "M3Bind first"),
        (r"\textit{Demodex}-negative", "Demodex-negative"),
        (r"at \href{https://github.com/a/b}{GitHub}.", "at GitHub (https://github.com/a/b)."),
        (r"images. \footnote{https://github.com/x/y}", "images. https://github.com/x/y"),
        ("Look &amp; Mark &lt;L&amp;M&gt; &#233;", "Look & Mark <L&M> é"),
        ("  spaced\t out \n text  ", "spaced out text"),
        (r"costs \$5 and \_under\_ \*stars\*", "costs $5 and _under_ *stars*"),
        ("K&G RFT stays", "K&G RFT stays"),
        ("", ""),
    ],
)
def test_normalize_text(raw: str, text: str) -> None:
    assert normalize_text(raw) == text


@pytest.mark.parametrize(
    ("comment", "venue"),
    [
        ("Accepted at MICCAI 2025", "MICCAI 2025"),
        ("MICCAI 2025. Code: https://github.com/jusiro/SS-Text", "MICCAI 2025"),
        ("Provisionally accepted at MICCAI-2025", "MICCAI 2025"),
        ("Accepted in MICCAI-W 2025", "MICCAI Workshops 2025"),
        ("Accepted at iMIMIC workshop MICCAI 2025 Medical Image Computing", "MICCAI Workshops 2025"),
        ("17 pages, 4 figures, 10 tables, accepted to MIDL'25", "MIDL 2025"),
        ("Accepted CVPR2025", "CVPR 2025"),
        ("CVPR 2025. Update to Camera-Ready", "CVPR 2025"),
        ("5 pages, Accepted by International Symposium on Biomedical Imaging (ISBI) 2025", "ISBI 2025"),
        ("International Symposium on Biomedical Imaging, April 14-17, 2025", "ISBI 2025"),
        ("This paper is accepted by IPMI 2025 for Oral Presentation", "IPMI 2025"),
        ("ACM MM 2024. Code is available at https://github.com/x/y", "ACM Multimedia 2024"),
        ("Accepted to IEEE Transactions on Medical Imaging, 2025", "IEEE TMI"),
        ("IEEE Journal of Biomedical and Health Informatics, 2022", "IEEE JBHI"),
        ("Accepted by Medical Image Analysis", "Medical Image Analysis"),
        ("Accepted at: Medical Image Understanding and Analysis (MIUA) 2025", "MIUA 2025"),
        ("12 pages, 7 figures, SPIE Medical Imaging 2025. 13407-1340736", "SPIE Medical Imaging 2025"),
        ("To appear in NeurIPS 2024", "NeurIPS 2024"),
        ("Camera-ready version for WACV", "WACV"),
        # no venue: only submitted, under review, no acceptance and no year, or not in the vocabulary
        ("submitted to The 28th International Conference on MICCAI (MICCAI 2025)", None),
        ("8 pages, 3 figures, MICCAI", None),
        ("6 pages, 3 figures, preprint of paper submitted to MICCAI conference", None),
        ("Accepted by 2025 IEEE 3rd International Conference on Image Processing and Computer Applications "
         "(ICIPCA 2025)", None),
        ("Accepted to MedAGI 2025 (Oral)", None),
        ("10 pages, 5 figures", None),
        ("Under review", None),
        ("", None),
        (None, None),
    ],
)  # fmt: skip
def test_parse_venue(comment: str | None, venue: str | None) -> None:
    assert parse_venue(comment) == venue


@pytest.mark.parametrize(
    "module",
    ["loaders", "loaders.lines", "loaders.text", "loaders.venues", "loaders.arxiv_md", "loaders.hf_daily"],
)
def test_docstring_examples(module: str) -> None:
    failures, tried = doctest.testmod(importlib.import_module(module))
    assert tried > 0 and failures == 0
