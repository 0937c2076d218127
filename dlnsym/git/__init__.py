"""Geometric invariant theory beyond the DLN, and the Section 3 statements checked on it.

* :mod:`~dlnsym.git.torus`: a torus ``(C^*)^k`` acting on ``C^n`` by weights (closed orbits by the relative
  interior criterion, derived independently of Theorem 13);
* :mod:`~dlnsym.git.orbits`: DLN orbits in exact arithmetic (closed, non-closed, rank deficient) and the
  conjugation action of ``GL(2, C)`` and of its Borel subgroup;
* :mod:`~dlnsym.git.azad_loeb`: the examples of Theorem 19 (``C^*``, ``GL(2, C)``) and the functions that drop
  one hypothesis;
* :mod:`~dlnsym.git.checks_kn`, :mod:`~dlnsym.git.checks_psh`, :mod:`~dlnsym.git.checks_p1`: the registry checks.
"""
