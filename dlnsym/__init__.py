"""dlnsym: statement-by-statement checks of Lindsey & Menon, arXiv:2511.01137."""

__version__ = "0.1.0"
