import sys

from reports.sweep.run import main

sys.exit(main())
