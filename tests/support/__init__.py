"""Test support: the simulated class (students, their submissions and expected scores).

Not part of the package: the tests and the benchmarks build on it; the instructor's
demo (``telegram-case demo``) has its own, smaller class.
"""
