import sys

from leadscore.cli import main

sys.exit(main())
