"""The five source documents, the one table of them in the project: each one's file name, its own
heading, its author where the text names one, and what it is."""

from __future__ import annotations

from dataclasses import dataclass

D000 = "000_de8b5c01d2ccda08.txt"
D001 = "001_35ed4ba02ee3d433.txt"
D002 = "002_6346e0d4e60abd44.txt"
D003 = "003_d4abb7bdab8dcbfb.txt"
D004 = "004_fb13fecbfd095a18.txt"


@dataclass(frozen=True)
class Document:
    """One source document: ``file`` its file name in the seeds directory, ``title`` the heading
    it gives itself, ``author`` as the text names them ("" where it names none), ``description``
    what it is, in our words."""

    file: str
    title: str
    author: str
    description: str


SOURCE_DOCUMENTS: dict[str, Document] = {document.file: document for document in (
    Document(D000, "Michael Nielsen对交叉熵的解释（一）", "Cugtyt",
             "Blog post, part 1 of a series explaining Nielsen's cross-entropy section: the "
             "single-neuron experiment and the quadratic cost's gradients."),
    Document(D001, "改进的Cost函数Cross-entropy使神经网络学习更快", "",
             "Blog post on the cross-entropy cost: the single-neuron runs with 300 iterations "
             "and their final outputs, the cross-entropy derivatives (1) and (2), a "
             "cross-entropy run."),
    Document(D002, "交叉熵代价函数", "Michael Nielsen",
             "Chinese translation of chapter 3 of Michael Nielsen's 'Neural Networks and Deep "
             "Learning' (cross-entropy and softmax sections, equations (54)-(84))."),
    Document(D003, "14 交叉熵损失函数——克服学习缓慢", "",
             "Tutorial chapter 14 of a TensorFlow series: cross-entropy against slow learning, "
             "three caveats, and a TensorFlow MNIST script."),
    Document(D004, "为什么使用交叉熵损失函数", "yuanjunliang",
             "Blog post 'why use the cross-entropy cost' (adapted from another post): the "
             "experiment's numbers, the formulas as that author wrote them, a derivation by "
             "integration."),
)}

# file name -> description: what the catalog validates citations against and results.json lists
DOCUMENTS: dict[str, str] = {name: document.description
                             for name, document in SOURCE_DOCUMENTS.items()}
