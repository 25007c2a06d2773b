import sys

from reports.conformance.cli import main

sys.exit(main())
