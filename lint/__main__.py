import sys

from hullcheck.cli import main

sys.exit(main())
