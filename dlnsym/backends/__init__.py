"""Matrix backends of the protocol of :mod:`dlnsym.matrix` beyond SymPy, NumPy and mpmath.

* :mod:`.arb`: FLINT/Arb ball matrices (``flint.arb_mat`` over R, ``flint.acb_mat`` over C), wrapped in
  :class:`~dlnsym.backends.arb.FMat` so that ``@`` is the matrix product; exact conversions from and to mpmath;
  ball upper bounds (:func:`~dlnsym.backends.arb.upper`), used for the rigorous ``bound`` of a residual.
* :mod:`.lmat`: :class:`~dlnsym.backends.lmat.LMat`, a light dense matrix of mpmath numbers (rows as Python lists).

Both register themselves with the protocol's dispatch functions when :mod:`dlnsym.matrix` is imported.
"""
