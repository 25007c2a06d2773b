"""Deliberately broken variants of the engine, to show the claim suite catches each mistake.

``breakages.BREAKAGES`` names each variant (one small replacement function), the claim test
files that exercise it and the claim ids that must fail; ``plugin`` applies the variant named by
``$NNCLAIMS_BROKEN_ENGINE`` before the claim tests are collected:

    NNCLAIMS_BROKEN_ENGINE=softmax-without-max-shift \\
        pytest claims/test_softmax.py -p tests.broken_engines.plugin
"""
