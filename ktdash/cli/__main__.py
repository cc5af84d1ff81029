import sys

from ktdash.cli.main import main

sys.exit(main())
