"""The five source documents: their file names (the one table of them in the project) and what
each one is."""

from __future__ import annotations

D000 = "000_de8b5c01d2ccda08.txt"
D001 = "001_35ed4ba02ee3d433.txt"
D002 = "002_6346e0d4e60abd44.txt"
D003 = "003_d4abb7bdab8dcbfb.txt"
D004 = "004_fb13fecbfd095a18.txt"

DOCUMENTS: dict[str, str] = {
    D000: "Blog post, part 1 of a series explaining Nielsen's cross-entropy section: the "
          "single-neuron experiment and the quadratic cost's gradients.",
    D001: "Blog post on the cross-entropy cost: the single-neuron runs with 300 iterations and "
          "their final outputs, the cross-entropy derivatives (1) and (2), a cross-entropy run.",
    D002: "Chinese translation of chapter 3 of Michael Nielsen's 'Neural Networks and Deep "
          "Learning' (cross-entropy and softmax sections, equations (54)-(84)).",
    D003: "Tutorial chapter 14 of a TensorFlow series: cross-entropy against slow learning, "
          "three caveats, and a TensorFlow MNIST script.",
    D004: "Blog post 'why use the cross-entropy cost' (adapted from another post): the "
          "experiment's numbers, the formulas as that author wrote them, a derivation by "
          "integration.",
}
