"""Build a knowledge graph from the example articles and ask it who met whom.

Run from the repository root:  python examples/python_api.py
Everything the `kg` command does is one import away; this is the same as
`kg ingest examples/articles --store memory && kg query --name meetings`, in one process.
"""

from __future__ import annotations

from pathlib import Path

import kg

ARTICLES = Path(__file__).resolve().parent / "articles"


def main() -> None:
    with kg.open_store("memory") as store:
        report = kg.ingest([str(ARTICLES)], store)
        print(f"{len(report.added)} articles, {report.events} events, {report.tenures} posts")
        result = store.query(kg.named_query("meetings"))
        for row in result.rows:  # date, what, who, host, where (see kg/store/queries/meetings.rq)
            date = row["date"] or "undated"
            place = row["where"] or "unknown place"
            print(f"{date}  {row['what']:<12}  {place:<14}  {row['who'] or ''}")


if __name__ == "__main__":
    main()
