"""Running training jobs: the run specification and its data, the result cache keyed by the
fingerprint of the code a run executes, the MNIST files (verified loading and download), the
executors that train many runs at once (a local process pool or a Dask cluster), worker
lifetime, the one-BLAS-thread limit of a run and the epoch timer. Built on :mod:`engine`, which
holds the chapter's mathematics and the training step."""
