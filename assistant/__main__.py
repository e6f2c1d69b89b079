"""`python -m assistant` is the same program as `cockpit`."""

import sys

from assistant.cli import main

sys.exit(main())
