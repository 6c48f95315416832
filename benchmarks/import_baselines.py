"""What a competent user would write instead of `claimcheck refresh --from-file`: the baselines
the import benchmark measures against, each run in its own process on the same file.

* ``FLOOR``: plain Python — ``csv.reader`` over the file, ``float()`` per filled cell, one
  ``executemany`` of (series, economy, year, value) into a bare SQLite table, one transaction.
  No checks, provenance, vintages or indexes: the least work a Python import can do.
* ``DUCKDB``: DuckDB's ``read_csv`` and ``UNPIVOT`` into a DuckDB table (a reference line: a
  columnar engine in C++, not a dependency of the product; ``pip install '.[bench]'``).
* ``PANDAS``: ``read_csv`` + ``melt`` + ``to_sql`` (the whole file in memory at once).

Each prints the number of values it stored, so the benchmark can check they agree.
"""

FLOOR = """
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[2])
con.execute("CREATE TABLE observations (series TEXT, economy TEXT, year INTEGER, value REAL)")

def rows():
    with open(sys.argv[1], newline="", encoding="utf-8-sig") as fh:
        reader = csv.reader(fh)
        years = [int(y) for y in next(reader)[4:]]
        for row in reader:
            series, economy = row[3], row[1]
            for year, cell in zip(years, row[4:]):
                if cell:
                    yield series, economy, year, float(cell)

with con:
    con.executemany("INSERT INTO observations VALUES (?, ?, ?, ?)", rows())
print(con.execute("SELECT count(*) FROM observations").fetchone()[0])
con.close()
"""

DUCKDB = """
import sys
import duckdb
con = duckdb.connect(sys.argv[2])
con.execute("SET enable_progress_bar = false")
path = sys.argv[1].replace("'", "''")
con.execute(f'''
    CREATE TABLE observations AS
    SELECT "Indicator Code" AS series, "Country Code" AS economy,
           CAST(year AS INTEGER) AS year, CAST(value AS DOUBLE) AS value
    FROM (UNPIVOT (SELECT * EXCLUDE ("Country Name", "Indicator Name")
                   FROM read_csv('{path}', header = true))
          ON COLUMNS('^[0-9]{{4}}$') INTO NAME year VALUE value)
''')
print(con.execute("SELECT count(*) FROM observations").fetchone()[0])
con.close()
"""

PANDAS = """
import sqlite3, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
long = frame.melt(id_vars=["Country Name", "Country Code", "Indicator Name", "Indicator Code"],
                  var_name="year", value_name="value").dropna(subset=["value"])
con = sqlite3.connect(sys.argv[2])
long.to_sql("observations", con, index=False, chunksize=100_000)
con.close()
print(len(long))
"""
