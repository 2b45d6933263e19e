"""`python -m hezuo.cli …` is the `hezuo` command."""

import sys

from hezuo.cli import main

sys.exit(main())
