from hullcheck.cli import run

run()
