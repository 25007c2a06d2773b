"""The experiments the documents report, re-run: the single sigmoid neuron and the MNIST networks,
their profiles, the statistics over seeds, and the checks that set each result beside the
figure a document prints. Both the claim suite (``claims/``) and the report (``reports/``) import
from here; nothing here imports from either."""
