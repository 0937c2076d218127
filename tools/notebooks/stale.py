from pathlib import Path
ROOT = Path(__file__).resolve().parents[2]
import nbformat
from dlnsym.claims import CLAIMS
from dlnsym.errata import typographical_markdown
from dlnsym.report import errata_markdown
nb = nbformat.read(str(ROOT / "notebooks/00_overview.ipynb"), 4)
out = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
ids_nb = [l.split()[0] for l in out.splitlines()[1:] if l.strip() and not l.startswith(("failed", "id")) and "proved" in l or "confirmed" in l or "erratum" in l or "open" in l]
print("claims in registry:", len(CLAIMS), " rows in 00:", sum(1 for c in CLAIMS if f"\n{c.id} " in "\n" + out))
print("missing from 00:", [c.id for c in CLAIMS if f"\n{c.id} " not in "\n" + out])
r = open(str(ROOT / "README.md")).read()
print("README errata in sync:", errata_markdown(CLAIMS) in r, typographical_markdown() in r)
