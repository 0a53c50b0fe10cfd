"""`python -m leadscore.sample --leads N --out DIR ...`: see `leadscore.sample.cli`."""

import sys

from leadscore.sample.cli import main

sys.exit(main())
