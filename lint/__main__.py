from hullcheck import run

run()
