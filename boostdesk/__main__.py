import sys

from boostdesk.cli import main

sys.exit(main())
