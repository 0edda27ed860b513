"""Full-text search over record pages, behind one interface.

SQLite answers with FTS5 (created by migration 0002, kept in step by triggers); any other
database gets a portable, slower LIKE search until it has an index of its own (PostgreSQL:
tsvector), so the same services run on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import text
from sqlalchemy.orm import Session

from reviewer_app.domain.review import SearchHit
from reviewer_app.domain.search_query import SearchTerm

SNIPPET_OPEN, SNIPPET_CLOSE = "[[", "]]"


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """For Alembic comparisons: the index's own tables are not part of the models."""
    return not (type_ == "table" and name is not None and name.startswith("file_pages_fts"))


class SearchIndex(Protocol):
    def search_case(
        self,
        session: Session,
        case_id: int,
        terms: list[SearchTerm],
        limit: int,
        by_relevance: bool,
        offset: int = 0,
    ) -> list[SearchHit]:
        """Pages of the case's records matching every term, with a snippet: ``limit`` hits from ``offset``."""

    def count_case(self, session: Session, case_id: int, terms: list[SearchTerm]) -> list[RecordHits]:
        """How many pages of each record match every term, in the records' order (records without hits left out)."""


@dataclass(frozen=True)
class RecordHits:
    """The number of matching pages in one record."""

    record_id: int
    record_path: str
    hits: int


def fts5_query(terms: list[SearchTerm]) -> str:
    """Terms as an FTS5 MATCH expression: every term required, phrases in order, prefixes."""
    parts = []
    for term in terms:
        quoted = '"' + " ".join(term.words).replace('"', '""') + '"'
        parts.append(quoted + ("*" if term.prefix else ""))
    return " ".join(parts)


class SqliteFtsIndex:
    """FTS5 with the porter stemmer: "injections" finds "injection"."""

    def count_case(self, session: Session, case_id: int, terms: list[SearchTerm]) -> list[RecordHits]:
        if not terms:
            return []
        rows = session.execute(
            text(
                """
                SELECT r.id, r.path, count(*)
                FROM file_pages_fts
                JOIN file_pages AS p ON p.id = file_pages_fts.rowid
                JOIN records AS r ON r.sha256 = p.sha256
                WHERE file_pages_fts MATCH :query AND +r.case_id = :case_id
                GROUP BY r.id
                ORDER BY r.position
                """
            ),
            {"query": fts5_query(terms), "case_id": case_id},
        ).all()
        return [RecordHits(record_id, path, count) for record_id, path, count in rows]

    def search_case(
        self,
        session: Session,
        case_id: int,
        terms: list[SearchTerm],
        limit: int,
        by_relevance: bool,
        offset: int = 0,
    ) -> list[SearchHit]:
        if not terms:
            return []
        query = fts5_query(terms)
        order = "file_pages_fts.rank, r.position, p.page_index" if by_relevance else "r.position, p.page_index"
        # "+r.case_id" keeps SQLite from reaching records through the case index once per matching
        # page (a hundredfold slower on a 10,000-page case); records are found by file instead.
        chosen = session.execute(
            text(
                f"""
                SELECT p.id, r.id, r.path, r.title, p.page_index, p.text_source, file_pages_fts.rank
                FROM file_pages_fts
                JOIN file_pages AS p ON p.id = file_pages_fts.rowid
                JOIN records AS r ON r.sha256 = p.sha256
                WHERE file_pages_fts MATCH :query AND +r.case_id = :case_id
                ORDER BY {order}
                LIMIT :limit OFFSET :offset
                """
            ),
            {"query": query, "case_id": case_id, "limit": limit, "offset": offset},
        ).all()
        if not chosen:
            return []
        # Snippets cost far more than matching: build them for the chosen pages alone.
        page_ids = sorted({row[0] for row in chosen})
        marks = ", ".join(f":id{i}" for i in range(len(page_ids)))
        values: dict[str, object] = {f"id{i}": page_id for i, page_id in enumerate(page_ids)}
        values.update(query=query, open=SNIPPET_OPEN, close=SNIPPET_CLOSE)
        snippets: dict[int, str] = dict(
            session.execute(
                text(
                    "SELECT rowid, snippet(file_pages_fts, 0, :open, :close, '…', 14) FROM file_pages_fts "
                    f"WHERE file_pages_fts MATCH :query AND rowid IN ({marks})"
                ),
                values,
            ).all()
        )
        return [
            SearchHit(
                record_id=record_id,
                record_path=path,
                record_title=title,
                page_index=page_index,
                snippet=snippets.get(page_id, ""),
                from_ocr=source == "ocr",
                rank=float(rank),
            )
            for page_id, record_id, path, title, page_index, source, rank in chosen
        ]


class PortableIndex:
    """LIKE over the page text: correct everywhere, fast nowhere; for databases without FTS5."""

    def count_case(self, session: Session, case_id: int, terms: list[SearchTerm]) -> list[RecordHits]:
        if not terms:
            return []
        conditions, values = _like_conditions(terms)
        statement = text(
            f"""
            SELECT r.id, r.path, count(*)
            FROM file_pages AS p JOIN records AS r ON r.sha256 = p.sha256
            WHERE r.case_id = :case_id AND {conditions}
            GROUP BY r.id, r.path, r.position
            ORDER BY r.position
            """
        )
        rows = session.execute(statement, {**values, "case_id": case_id}).all()
        return [RecordHits(record_id, path, count) for record_id, path, count in rows]

    def search_case(
        self,
        session: Session,
        case_id: int,
        terms: list[SearchTerm],
        limit: int,
        by_relevance: bool,
        offset: int = 0,
    ) -> list[SearchHit]:
        if not terms:
            return []
        conditions, values = _like_conditions(terms)
        statement = text(
            f"""
            SELECT r.id, r.path, r.title, p.page_index, p.text_source, p.text
            FROM file_pages AS p JOIN records AS r ON r.sha256 = p.sha256
            WHERE r.case_id = :case_id AND {conditions}
            ORDER BY r.position, p.page_index
            LIMIT :limit OFFSET :offset
            """
        )
        values.update(case_id=case_id, limit=limit, offset=offset)
        hits = []
        for record_id, path, title, page_index, source, page_text in session.execute(statement, values):
            hits.append(
                SearchHit(record_id, path, title, page_index, _snippet(page_text, terms[0].text), source == "ocr")
            )
        return hits


def _like_conditions(terms: list[SearchTerm]) -> tuple[str, dict[str, object]]:
    conditions = " AND ".join(f"lower(p.text) LIKE :term{i}" for i in range(len(terms)))
    return conditions, {f"term{i}": f"%{t.text.lower()}%" for i, t in enumerate(terms)}


def _snippet(page_text: str, word: str, width: int = 80) -> str:
    at = page_text.lower().find(word.lower())
    if at < 0:
        return page_text[:width]
    start = max(0, at - width // 2)
    found = page_text[at : at + len(word)]
    before = ("…" if start else "") + page_text[start:at]
    return f"{before}{SNIPPET_OPEN}{found}{SNIPPET_CLOSE}{page_text[at + len(word) : at + width // 2]}…"


def search_index_for(session: Session) -> SearchIndex:
    """The index that suits the session's database."""
    return SqliteFtsIndex() if session.get_bind().dialect.name == "sqlite" else PortableIndex()
