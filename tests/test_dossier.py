"""A topic's dossier (`studylog topic`): the rules of what belongs to a topic, the numbers (checked by
hand), the timeline's order, escaping of user text, subtopics, a topic that matches nothing, -o and --force."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from studylog.domain.values import NewReading, NewResource, NewStudy, NewWriting, ReadingItem
from studylog.reports import dossier as rules
from studylog.services import dossier as gather
from studylog.services import reading, resources, study, writing

D = date.fromisoformat


# ------------------------------------------------------------------------------------ the rules (pure)

def test_a_typed_topic_names_its_whole_path_or_a_run_of_whole_parts_in_any_case():
    topic = "Deep Learning/Transformers/Attention"
    for typed in ("transformers", "TRANSFORMERS", "Deep Learning/Transformers", "transformers/attention",
                  "deep learning", "Deep Learning/Transformers/Attention", " Transformers / "):
        assert rules.matches_topic(topic, typed), typed
    for typed in ("former", "Learning/Attention", "Transformers/Attention/More", "Deep", "x"):
        assert not rules.matches_topic(topic, typed), typed
    assert rules.matches_topic("Mathématiques/Équations", "ÉQUATIONS")  # any case, not only ASCII's


def test_the_dossier_is_named_by_the_path_up_to_what_was_typed():
    topics = ["Deep Learning/Transformers", "Deep Learning/Transformers/Attention"]
    assert rules.topic_name("transformers", topics) == "Deep Learning/Transformers"
    assert rules.topic_name("attention", topics) == "Deep Learning/Transformers/Attention"
    assert rules.topic_name("deep LEARNING", topics) == "Deep Learning"
    # two different paths: the part as written
    assert rules.topic_name("TRAINING", ["Deep Learning/Training", "Running/Training"]) == "Training"


def _item(title: str, tags: tuple[str, ...] = (), url: str | None = None) -> ReadingItem:
    from datetime import UTC, datetime

    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    return ReadingItem(1, "book", title, (), url, None, None, "to-read", None, None, None, None, None, tags,
                       "manual", None, stamp, stamp)


def test_reading_is_related_by_a_tag_a_title_in_whole_words_or_a_resources_link():
    name = "Deep Learning/Transformers"
    assert rules.related_reading(_item("The Illustrated Transformer"), name)  # a plural s ignored
    assert rules.related_reading(_item("TRANSFORMERS in practice"), name)
    assert rules.related_reading(_item("Notes", ("#transformer",)), name)
    assert not rules.related_reading(_item("Transformational leadership"), name)  # not a whole word
    assert not rules.related_reading(_item("Attention Is All You Need"), name)
    assert rules.related_reading(_item("Attention Is All You Need", url="https://arxiv.org/abs/1706.03762"), name,
                                 {"https://arxiv.org/abs/1706.03762"})
    # several words: spaces, hyphens and underscores alike
    assert rules.is_tag("deep-learning", "Deep Learning") and rules.is_tag("Deep_Learning", "Deep Learning")
    assert not rules.is_tag("deep", "Deep Learning") and not rules.is_tag("deep-learning-notes", "Deep Learning")
    assert rules.mentions("A deep-learning primer", "AI/Deep Learning")
    assert not rules.mentions("Deep Residual Learning", "Deep Learning")
    assert rules.search_stem("Deep Learning/Transformers") == "transformer"


# --------------------------------------------------------------------------------------- a database

def _fill(conn: sqlite3.Connection, clock) -> None:  # noqa: ANN001
    now = clock.now()

    def res(url, title, topic, kind, added, status="new", **more):  # noqa: ANN001, ANN003, ANN202
        made, _ = resources.add(conn, NewResource(url, title, topic, kind, status=status, **more), now=now,
                                today=D(added))
        return made

    illustrated = res("https://example.org/illustrated", "The Illustrated Transformer", "Deep Learning/Transformers",
                      "article", "2026-09-01", description="the picture book",
                      note="Read twice.\nThe second time with a pen")
    resources.set_status(conn, illustrated.id, "done", now=now, today=D("2026-10-02"))
    res("https://arxiv.org/abs/1706.03762", "Attention Is All You Need", "Deep Learning/Transformers", "paper",
        "2026-09-05", status="studying")
    flash = res("https://example.org/flash", "FlashAttention", "Deep Learning/Transformers/Attention", "paper",
                "2026-10-10")
    res("https://example.org/axler", "Linear Algebra Done Right", "Maths/Linear Algebra", "book", "2026-09-01")
    res("https://example.org/recipe", "A Recipe for Training", "Deep Learning/Training", "article", "2026-09-02")

    for day, minutes, topic, resource, note in (
        ("2026-09-03", 45, None, illustrated.id, "first pass"),
        ("2026-09-10", 25, "transformers", None, None),  # (stored as "Deep Learning/Transformers")
        ("2026-10-12", 90, None, flash.id, None),
        ("2026-10-12", 30, None, illustrated.id, None),
        ("2026-10-13", 120, "Maths/Linear Algebra", None, None),  # another topic
        ("2026-10-14", 60, "Deep Learning/Training", None, None),
    ):
        study.add(conn, NewStudy(D(day), minutes * 60, topic, resource, note), now=now)

    for new in (
        NewReading("Attention Is All You Need", kind="paper", authors=("Ashish Vaswani",),
                   url="https://arxiv.org/abs/1706.03762", status="finished", added=D("2026-07-30"),
                   started=D("2026-08-01"), finished=D("2026-08-13"), rating=4.5),
        NewReading("Transformers for Natural Language Processing", authors=("Denis Rothman",), status="reading",
                   added=D("2026-10-01"), started=D("2026-10-20")),
        NewReading("Natural Language Processing with Python", tags=("transformer",), added=D("2026-11-01")),
        NewReading("Deep Residual Learning", kind="paper", status="finished", added=D("2026-05-01"),
                   started=D("2026-05-02"), finished=D("2026-05-09"), rating=5),
        NewReading("Transformational Leadership", added=D("2026-06-01")),
    ):
        reading.add(conn, new, now=now, today=D("2026-11-24"))

    for day, words, title, tags in (
        ("2026-09-04", 650, "Attention, explained", ("transformers",)),
        ("2026-11-20", 400, "What transformers forget", ("Transformer",)),
        ("2026-11-21", 300, "Why transformers", ("notes",)),  # (a title is not a tag)
    ):
        writing.add(conn, NewWriting(D(day), words, title, tags=tags), now=now)


EXPECTED = """\
# Deep Learning/Transformers

A studylog dossier, 2026-11-24. Topics: Deep Learning/Transformers, Deep Learning/Transformers/Attention.

- 3 resources: 1 done, 1 studying, 1 new
- Studied 3h10 in 4 sessions on 3 days
- 3 papers and books from the reading list (1 finished); 2 writing entries (1,050 words)
- First activity 2026-08-01, last 2026-11-20

## Resources

### Deep Learning/Transformers

- [The Illustrated Transformer](https://example.org/illustrated) · article · done 2026-10-02 · studied 1h15\\
  the picture book\\
  Note: Read twice.\\
  The second time with a pen
- [Attention Is All You Need](https://arxiv.org/abs/1706.03762) · paper · studying

### Deep Learning/Transformers/Attention

- [FlashAttention](https://example.org/flash) · paper · new · studied 1h30

## Study time

| Resource | Time | Sessions |
| --- | ---: | ---: |
| FlashAttention | 1h30 | 1 |
| The Illustrated Transformer | 1h15 | 2 |
| (no resource) | 25min | 1 |
| Total | 3h10 | 4 |

| Topic | Time | Sessions |
| --- | ---: | ---: |
| Deep Learning/Transformers | 1h40 | 3 |
| Deep Learning/Transformers/Attention | 1h30 | 1 |
| Total | 3h10 | 4 |

## Papers and books

| Title | Kind | By | Status | Rating | Finished |
| --- | --- | --- | --- | ---: | --- |
| [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | paper | Ashish Vaswani | finished | 4.5/5 | 2026-08-13 |
| Transformers for Natural Language Processing | book | Denis Rothman | reading |   |   |
| Natural Language Processing with Python | book |   | to-read |   |   |

## Writing

| Day | Title | Words |
| --- | --- | ---: |
| 2026-09-04 | Attention, explained | 650 |
| 2026-11-20 | What transformers forget | 400 |

## Timeline

- 2026-08-01 · Started paper *Attention Is All You Need*
- 2026-08-13 · Finished paper *Attention Is All You Need* (4.5/5)
- 2026-09-01 · Added article *The Illustrated Transformer*
- 2026-09-03 · Studied 45min on *The Illustrated Transformer*: first pass
- 2026-09-04 · Wrote *Attention, explained* (650 words)
- 2026-09-05 · Added paper *Attention Is All You Need*
- 2026-09-10 · Studied 25min
- 2026-10-02 · Done: article *The Illustrated Transformer*
- 2026-10-10 · Added paper *FlashAttention* (Attention)
- 2026-10-12 · Studied 1h30 on *FlashAttention* (Attention)
- 2026-10-12 · Studied 30min on *The Illustrated Transformer*
- 2026-10-20 · Started book *Transformers for Natural Language Processing*
- 2026-11-01 · Put book *Natural Language Processing with Python* on the reading list
- 2026-11-20 · Wrote *What transformers forget* (400 words)
"""


def test_the_dossier_of_a_topic_with_its_subtopic_numbers_checked_by_hand(conn, clock, cli, db_path):
    """Time: 45 + 25 + 90 + 30 min = 3h10 in 4 sessions on 3 days (the Maths and Training sessions are
    elsewhere); per resource FlashAttention 1h30, the Illustrated Transformer 45 + 30 = 1h15, none 25min;
    per topic Transformers 45 + 25 + 30 = 1h40, Attention 1h30. Reading: the paper by its link, a book by
    its title, one by its tag ("Deep Residual Learning" and "Transformational Leadership" are not).
    Writing: by tag, in any case and either number ("Why transformers" has it only in its title). The
    timeline is in date order, and on one day in the order things were logged."""
    _fill(conn, clock)
    result = cli("--db", str(db_path), "topic", "transformers")
    assert (result.status, result.err) == (0, "")
    assert result.out == EXPECTED


def test_a_topic_is_named_as_res_list_names_it(conn, clock, cli, db_path):
    _fill(conn, clock)
    same = cli("--db", str(db_path), "topic", "Deep Learning/Transformers").out
    assert cli("--db", str(db_path), "topic", "deep learning/TRANSFORMERS").out == same == EXPECTED
    listed = cli("--db", str(db_path), "res", "list", "--topic", "transformers", "--json").out
    assert "FlashAttention" in listed and "Linear Algebra" not in listed

    attention = cli("--db", str(db_path), "topic", "ATTENTION").out
    assert attention.startswith("# Deep Learning/Transformers/Attention\n\nA studylog dossier, 2026-11-24.\n\n"
                                "- 1 resource: 1 new\n- Studied 1h30 in 1 session on 1 day\n")
    assert "The Illustrated Transformer" not in attention and "Topics:" not in attention

    deep = cli("--db", str(db_path), "topic", "deep learning").out
    assert deep.startswith("# Deep Learning\n\nA studylog dossier, 2026-11-24. Topics: Deep Learning/Training, "
                           "Deep Learning/Transformers, Deep Learning/Transformers/Attention.\n\n"
                           "- 4 resources: 1 done, 1 studying, 2 new\n- Studied 4h10 in 5 sessions on 4 days\n")
    # below the dossier's name, a subtopic is said by the rest of its path
    assert "- 2026-10-14 · Studied 1h (Training)\n" in deep
    assert "- 2026-10-12 · Studied 1h30 on *FlashAttention* (Transformers/Attention)\n" in deep


def test_a_topic_that_matches_nothing_is_one_line_and_exit_1(conn, clock, cli, db_path):
    _fill(conn, clock)
    result = cli("--db", str(db_path), "topic", "former")
    assert (result.status, result.out) == (1, "")
    assert result.err == "studylog: no topic like 'former'; studylog res topics lists them\n"
    empty = cli("--db", str(db_path), "topic", " / ")
    assert empty.status == 2 and empty.out == "" and len(empty.err.splitlines()) == 1
    fresh = cli("--db", str(db_path.with_name("empty.db")), "topic", "transformers")
    assert fresh.status == 1 and "no topic like 'transformers'" in fresh.err


def test_user_text_is_escaped_and_control_characters_never_get_through(conn, clock, cli, db_path):
    now = clock.now()
    made, _ = resources.add(conn, NewResource("https://example.org/a_(b)", "*Bold* | [x](javascript:y) <b>",
                                              "Odd/Topic", "article"), now=now, today=D("2026-11-01"))
    # text stored by something other than studylog (a restored file, an old version): raw, with escapes
    conn.execute("UPDATE resource SET note = ? WHERE id = ?",
                 ("- not a list\n1. not a list either\n\x1b[31mred\x1b[0m & &amp; ~~struck~~\n# no heading",
                  made.id))
    conn.execute("UPDATE resource SET description = ? WHERE id = ?", ("===", made.id))
    conn.commit()
    study.add(conn, NewStudy(D("2026-11-02"), 600, "odd/topic", made.id, "a `tick` \\ back"), now=now)
    out = cli("--db", str(db_path), "topic", "topic").out
    assert "\x1b" not in out and "[31m" not in out
    assert ("- [\\*Bold\\* \\| \\[x\\](javascript:y) \\<b\\>](https://example.org/a_%28b%29) · article · new · "
            "studied 10min\\\n  \\===\\\n  Note: \\- not a list\\\n  1\\. not a list either\\\n"
            "  red & \\&amp; \\~\\~struck\\~\\~\\\n  \\# no heading\n") in out
    assert "| \\*Bold\\* \\| \\[x\\](javascript:y) \\<b\\> | 10min | 1 |" in out
    assert "Studied 10min on *\\*Bold\\* \\| \\[x\\](javascript:y) \\<b\\>*: a \\`tick\\` \\\\ back\n" in out


def test_only_web_links_become_links():
    from studylog.io.dossier_markdown import link

    assert link("Click", "javascript:alert(1)") == "Click"
    assert link(None, "https://example.org/x y") == "[https://example.org/x y](https://example.org/x%20y)"
    assert link("T", None) == "T"


def test_o_writes_the_file_atomically_and_force_overwrites(conn, clock, cli, db_path, tmp_path):
    _fill(conn, clock)
    target = tmp_path / "out" / "transformers.md"
    target.parent.mkdir()
    wrote = cli("--db", str(db_path), "topic", "transformers", "-o", str(target))
    assert wrote.status == 0 and wrote.out.startswith("Wrote the dossier of Deep Learning/Transformers to ")
    assert target.read_text(encoding="utf-8") == EXPECTED

    target.write_text("mine", encoding="utf-8")
    refused = cli("--db", str(db_path), "topic", "transformers", "-o", str(target))
    assert refused.status == 2 and "exists; add --force" in refused.err
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("--db", str(db_path), "topic", "transformers", "-o", str(target), "--force").status == 0
    assert target.read_text(encoding="utf-8") == EXPECTED
    assert sorted(p.name for p in target.parent.iterdir()) == ["transformers.md"]  # no temporary file left

    # a folder: a file in it named after the topic
    assert cli("--db", str(db_path), "topic", "attention", "-o", str(target.parent)).status == 0
    assert (target.parent / "dossier-Deep-Learning-Transformers-Attention.md").read_text(
        encoding="utf-8").startswith("# Deep Learning/Transformers/Attention\n")
    # nothing matched: no file
    assert cli("--db", str(db_path), "topic", "nothing", "-o", str(tmp_path / "no.md")).status == 1
    assert not (tmp_path / "no.md").exists()


def test_the_api_gives_the_same_dossier_as_the_services_and_the_report(conn, clock, db_path):
    from studylog.api import dossier as api
    from studylog.cli import Context
    from studylog.paths import Locations

    _fill(conn, clock)
    ctx = Context(Locations.resolve(str(db_path)), clock)
    try:
        built = api.dossier(ctx, "transformers")
    finally:
        ctx.close()
    assert built == rules.dossier(gather.inputs(conn, "transformers", clock.today()))
    assert api.markdown(built) == EXPECTED
    assert built.summary.studied_s == 190 * 60 and built.summary.first == D("2026-08-01")


@pytest.mark.parametrize("name", sorted(n for n in vars(gather) if n.startswith("SQL_")))
def test_the_sql_prepares_against_the_migrated_schema(conn, name):
    sql = getattr(gather, name)
    params = {"like": "%", "links": "[]"} if ":like" in sql else ("[]",) if "?1" in sql else ()
    conn.execute(f"EXPLAIN {sql}", params)
