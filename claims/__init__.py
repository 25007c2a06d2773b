"""Claims made by the five source documents, as data (``claims.catalog``) and as tests."""
