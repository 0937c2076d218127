"""Beyond the paper: Section 4 dynamics, Remark 5, noise, linear systems (Section 1.3.1), p = 1."""
