"""Replace the two errata tables of README.md by the ones generated from the registry (dlnsym errata)."""
from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
import re
from dlnsym.claims import CLAIMS
from dlnsym.errata import typographical_markdown
from dlnsym.report import errata_markdown

p = str(ROOT / "README.md")
s = open(p, encoding="utf-8").read()
a = s.index("## Errata")
b = s.index("## Reading the notebooks")
sec = s[a:b]
intro1 = ("## Errata\n\nPrinted formulas whose check fails, with the corrected form that passes (`dlnsym errata` prints this table\n"
          "from the registry, where each row is re-checked by `dlnsym verify`, and `notebooks/07_errata.ipynb` re-runs each\n"
          "one and checks that this table is the generated one):\n\n")
intro2 = "\n\nMisprints that no computation can test (cross-references and typography):\n\n"
new = intro1 + errata_markdown(CLAIMS) + intro2 + typographical_markdown() + "\n\n"
s = s[:a] + new + s[b:]
open(p, "w", encoding="utf-8").write(s)
print("README errata tables synced:", len([c for c in CLAIMS if c.erratum]), "computable errata")
