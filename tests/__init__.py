"""The test suite.

Imported before its conftest: with PYTHONDONTWRITEBYTECODE set (as on the project's
machines), every run compiled ipcheck's modules and rewrote every test module's asserts
again — a third of a daily run's start. Their byte code is kept (in __pycache__ folders,
ignored by git) for the test process only.
"""

import sys

sys.dont_write_bytecode = False
