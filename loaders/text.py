r"""Turning listing text (HTML entities, Markdown escapes, LaTeX fragments) into plain text.

Listings carry titles and abstracts as their authors typed them for arXiv: ``DS$^2$Net``,
``45\%``, ``\textbf{RARL}``, ``Fr\'echet``, ``&amp;``. The extractor and the graph want the
text a reader sees, so :func:`normalize_text` rewrites those fragments; loaders keep the raw
text beside it.

>>> normalize_text(r"DS$^2$Net and $P^2SAM$ cut $CO_2$ by $45\%$ at $256^3$, $\alpha$ $\times$ 2")
'DS2Net and P2SAM cut CO2 by 45% at 256^3, α × 2'
>>> normalize_text(r"we propose \textbf{RARL} with Fr\'echet  distance &amp; FetMRQC$_{SR}$ ($n$=5)")
'we propose RARL with Fréchet distance & FetMRQC_SR (n=5)'
>>> normalize_text(r"see \href{https://github.com/a/b}{GitHub}, M\textsuperscript{3}Bind \_x\_")
'see GitHub (https://github.com/a/b), M3Bind _x_'
"""

from __future__ import annotations

import html
import re
import unicodedata

#: LaTeX symbol commands that have a one-character Unicode reading
SYMBOLS: dict[str, str] = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ",
    "Lambda": "Λ", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "times": "×", "pm": "±", "mp": "∓", "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥",
    "neq": "≠", "approx": "≈", "sim": "~", "infty": "∞", "rightarrow": "→", "to": "→",
    "leftarrow": "←", "degree": "°", "circ": "°", "%": "%", "&": "&", "_": "_", "#": "#",
}  # fmt: skip

#: combining marks for LaTeX accent commands (\'e, \"o, \`a, \^o, \~n)
ACCENTS: dict[str, str] = {"'": "\u0301", '"': "\u0308", "`": "\u0300", "^": "\u0302", "~": "\u0303"}

#: commands whose braced argument is simply the visible text
_TEXT_COMMANDS = (
    "textbf|textit|textrm|texttt|textsc|textsf|emph|underline|mathrm|mathbf|mathit|mathcal|"
    "mathbb|text|textsuperscript|textsubscript|url|footnote|operatorname"
)
#: stands for ``\$`` while ``$...$`` math is rewritten; never in the input (clean_text removes NULs)
_ESCAPED_DOLLAR = "\x00"
_KEEP_CONTROLS = frozenset("\t\n\r")
_MATH = re.compile(r"\$([^$\n]{1,200}?)\$")
_HREF = re.compile(r"\\href\{([^{}]*)\}\{([^{}]*)\}")
_TEXT_COMMAND = re.compile(rf"\\(?:{_TEXT_COMMANDS})\{{([^{{}}]*)\}}")
_ACCENT = re.compile(r"""\\(['"`^~])\{?([A-Za-z])\}?""")
_ACCENT_BRACED = re.compile(r"""\{\\(['"`^~])([A-Za-z])\}""")
_SCRIPT = re.compile(r"([\^_])(?:\{([^{}]*)\}|(\\[A-Za-z]+|[A-Za-z0-9]))")
_COMMAND = re.compile(r"\\([A-Za-z]+|[%&_#])")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|%&<>~^$'\"])")
_SPACE = re.compile(r"\s+")


def clean_text(text: str) -> str:
    r"""``text`` without control characters (tab and line breaks kept) and lone surrogates.

    >>> clean_text("Null\x00 byte\x07 and\ttab\ud800")
    'Null byte and\ttab'
    """
    if text.isprintable():  # the common case, checked in C
        return text
    return "".join(ch for ch in text if ch in _KEEP_CONTROLS or unicodedata.category(ch) not in ("Cc", "Cs"))


def normalize_text(raw: str) -> str:
    """Plain reading text of ``raw``: entities, LaTeX and Markdown escapes resolved, spaces collapsed.

    Control characters go first (also those written as entities, ``&#0;``), so none survives
    and none can be mistaken for the placeholder of an escaped dollar.
    """
    text = clean_text(html.unescape(clean_text(raw))).replace("\\$", _ESCAPED_DOLLAR)
    text = _MATH.sub(_math_to_text, text)
    text = _latex_to_text(text)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text).replace(_ESCAPED_DOLLAR, "$")
    return _SPACE.sub(" ", text).strip()


def _latex_to_text(text: str) -> str:
    text = _HREF.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    # repeated so nested commands (\textbf{\textit{x}}) unwrap from the inside out
    for _ in range(3):
        text, count = _TEXT_COMMAND.subn(r"\1", text)
        if not count:
            break
    text = _ACCENT_BRACED.sub(_accented, text)
    return _ACCENT.sub(_accented, text)


def _accented(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFC", match.group(2) + ACCENTS[match.group(1)])


def _math_to_text(match: re.Match[str]) -> str:
    """One ``$...$`` fragment as text; the character before it decides how ``^`` reads."""
    before = match.string[match.start() - 1] if match.start() else ""
    body = _latex_to_text(match.group(1))
    body = _SCRIPT.sub(lambda m: _script(m, before), body)
    body = _COMMAND.sub(lambda m: SYMBOLS.get(m.group(1), m.group(1)), body)
    return body.replace("{", "").replace("}", "").strip()


def _script(match: re.Match[str], before: str) -> str:
    """``256^3`` keeps its caret (a power); ``DS^2``, ``CO_2`` fold into the name; ``_{SR}`` keeps ``_``."""
    marker, content = match.group(1), match.group(2) if match.group(2) is not None else match.group(3)
    base = match.string[match.start() - 1] if match.start() else before
    if marker == "^" and base.isdigit():
        return f"^{content}"
    if marker == "_" and len(content) > 1:
        return f"_{content}"
    return content
