"""Learning resources: unique links, topics, status; resource lists shared as Markdown, byte for byte."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from studylog.clock import FixedClock
from studylog.db.opening import open_database
from studylog.domain.values import NewResource
from studylog.io.markdown_list import parse_markdown_list, render_markdown_list
from studylog.services import resources

TODAY = date(2026, 11, 24)
MARKDOWN = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "markdown"


def test_a_known_url_is_not_added_twice_even_written_differently(conn, clock):
    first, created = resources.add(conn, NewResource(url="https://Arxiv.org/abs/1706.03762/?utm_source=x",
                                                     title="Attention"), now=clock.now(), today=TODAY)
    again, created_again = resources.add(conn, NewResource(url="https://arxiv.org:443/abs/1706.03762"),
                                         now=clock.now(), today=TODAY)
    assert created and not created_again and again.id == first.id
    assert first.url == "https://arxiv.org/abs/1706.03762" and first.kind == "paper"


def test_topics_status_and_tree_counts(conn, clock):
    for url, topic in (("https://a.org/1", "Deep Learning/Transformers"), ("https://a.org/2", "Deep Learning"),
                       ("https://a.org/3", " Maths / Linear Algebra/ ")):
        resources.add(conn, NewResource(url=url, topic=topic), now=clock.now(), today=TODAY)
    done = resources.set_status(conn, 1, "done", now=clock.now(), today=TODAY)
    assert (done.status, done.done) == ("done", TODAY)
    assert [r.url for r in resources.list_resources(conn, topic="Deep Learning")] == [
        "https://a.org/2", "https://a.org/1"]
    assert resources.topic_counts(conn) == [("Deep Learning", 1, 0), ("Deep Learning/Transformers", 1, 1),
                                            ("Maths/Linear Algebra", 1, 0)]
    assert resources.set_status(conn, 1, "new", now=clock.now(), today=TODAY).done is None


LIST = """\
# GPU reading group

Start with the first two; the rest when you need them.

Curated by Ada · exported 2026-11-01 · 4 resources in 3 topics

## CUDA

- [An Even Easier Introduction to CUDA](https://developer.nvidia.com/blog/even-easier-introduction-cuda) — start here
- [CUDA guide](https://docs.nvidia.com/cuda/cuda-c-programming-guide)

## Performance

### Attention

- [FlashAttention](https://arxiv.org/abs/2205.14135) — IO-aware exact attention

## CUDA

- [How to Optimize a CUDA Matmul Kernel](https://siboehm.com/articles/22/CUDA-MMM)
"""


def _import(conn, clock, text: str, name: str = "gpus.md", list_name: str | None = None):
    parsed = parse_markdown_list(text.encode(), name)
    return resources.import_list(conn, parsed, file=name, name=list_name or parsed.title or "x",
                                 curator=None, now=clock.now(), today=TODAY)


def test_importing_a_list_twice_adds_nothing(conn, clock):
    first = _import(conn, clock, LIST)
    second = _import(conn, clock, LIST)
    assert (first.added, first.already) == (4, 0)
    assert (second.added, second.already) == (0, 4)
    [info] = resources.lists(conn)
    assert (info.name, info.curator, info.size) == ("GPU reading group", "Ada", 4)


def test_export_import_export_gives_the_same_bytes(tmp_path, clock):
    first_db = open_database(tmp_path / "a.db", clock)
    _import(first_db, clock, LIST)
    resources.set_status(first_db, 3, "done", now=clock.now(), today=TODAY)
    exported = render_markdown_list(resources.export_doc(first_db, list_names=["GPU reading group"], today=TODAY))
    first_db.close()
    assert exported.startswith("# GPU reading group\n\nStart with the first two; the rest when you need them.\n")
    assert "Curated by Ada · exported 2026-11-24" in exported
    assert exported.index("## CUDA") < exported.index("## Performance") < exported.rindex("## CUDA")
    empty = open_database(tmp_path / "b.db", clock)
    _import(empty, clock, exported, "shared.md")
    again = render_markdown_list(resources.export_doc(empty, list_names=["GPU reading group"], today=TODAY))
    empty.close()
    assert again == exported


def test_export_with_progress_marks_done_items(conn, clock):
    _import(conn, clock, LIST)
    resources.set_status(conn, 3, "done", now=clock.now(), today=TODAY)
    text = render_markdown_list(resources.export_doc(conn, list_names=["GPU reading group"], with_progress=True,
                                                     today=TODAY))
    assert "- [x] [FlashAttention](https://arxiv.org/abs/2205.14135)" in text
    assert "- [ ] [CUDA guide]" in text


def test_export_by_topic(conn, clock):
    _import(conn, clock, LIST)
    text = render_markdown_list(resources.export_doc(conn, topics=["Performance"], today=TODAY))
    assert "FlashAttention" in text and "CUDA guide" not in text
    with pytest.raises(resources.UnknownList, match="GPU reading group"):
        resources.export_doc(conn, list_names=["nope"], today=TODAY)
    # a topic mistyped among others is said, with the topics there are (newcomer: "--topic Maths" was left
    # out of the file without a word, though its heading named it)
    with pytest.raises(resources.UnknownList, match=r"no resources under the topic 'Mathz' \(topics: .*CUDA"):
        resources.export_doc(conn, topics=["Performance", "Mathz"], today=TODAY)


def test_res_export_of_a_topic_with_no_resources_fails_in_one_line(cli):
    assert cli("res", "add", "https://docs.nvidia.com/cuda", "--topic", "GPUs/CUDA").status == 0
    result = cli("res", "export", "--topic", "GPUs", "--topic", "Maths")
    assert result.status == 1 and result.out == ""
    assert result.err.strip() == "studylog: no resources under the topic 'Maths' (topics: GPUs)"
    assert cli("res", "export", "--topic", "gpus/cuda").out.startswith("# Learning resources: gpus/cuda")


@pytest.mark.skipif(not MARKDOWN.exists(), reason="../shared/fixtures is not beside the repository")
@pytest.mark.parametrize("name", sorted(p.name for p in MARKDOWN.glob("*.md")) if MARKDOWN.exists() else [])
def test_real_lists_import_idempotently_and_round_trip(tmp_path, name):
    clock = FixedClock(TODAY)
    data = (MARKDOWN / name).read_bytes()
    conn = open_database(tmp_path / "a.db", clock)
    parsed = parse_markdown_list(data, name)
    summary = resources.import_list(conn, parsed, file=name, name="list", curator=None, now=clock.now(),
                                    today=TODAY)
    assert summary.added == len(parsed.entries) > 10
    assert resources.import_list(conn, parsed, file=name, name="list", curator=None, now=clock.now(),
                                 today=TODAY).added == 0
    exported = render_markdown_list(resources.export_doc(conn, list_names=["list"], today=TODAY))
    conn.close()
    other = open_database(tmp_path / "b.db", clock)
    reparsed = parse_markdown_list(exported.encode(), "shared.md")
    resources.import_list(other, reparsed, file="shared.md", name="list", curator=None, now=clock.now(),
                          today=TODAY)
    assert render_markdown_list(resources.export_doc(other, list_names=["list"], today=TODAY)) == exported
    other.close()


# ------------------------------------------------------------------------------------------------ CLI

def test_cli_res_add_done_list_topics(cli):
    out = cli("res", "add", "https://www.youtube.com/watch?v=kCc8FmEb1nY&utm_source=x", "--title",
              "Let's build GPT", "--topic", "Deep Learning/Transformers").out
    assert out.startswith('Stored resource #1: "Let\'s build GPT" <https://www.youtube.com/watch?v=kCc8FmEb1nY>')
    assert "· video · new" in out
    assert cli("res", "add", "https://youtube.com/watch?v=kCc8FmEb1nY").out.startswith("Stored")  # another host
    assert cli("res", "add", "HTTPS://WWW.YouTube.com/watch/?v=kCc8FmEb1nY").out.startswith("Already there")
    assert cli("res", "add", "ftp://x.org/file").status == 2
    assert "done" in cli("res", "done", "1").out
    rows = json.loads(cli("res", "list", "--topic", "Deep Learning", "--json").out)
    assert [(r["id"], r["status"]) for r in rows] == [(1, "done")]
    tree = cli("res", "topics").out
    assert "Deep Learning" in tree and "Transformers" in tree and "1 (1 done)" in tree


def test_cli_res_import_and_export_to_a_file(cli, tmp_path):
    source = tmp_path / "gpus.md"
    source.write_text(LIST)
    result = cli("res", "import", str(source), "--curator", "Ada Lovelace")
    assert result.status == 0
    assert result.out.startswith("Imported gpus.md (list 'GPU reading group'): 4 added, 0 already there, 0 skipped")
    assert "4 added" not in cli("res", "import", str(source)).out
    target = tmp_path / "out.md"
    assert cli("res", "export", "--list", "GPU reading group", "-o", str(target)).status == 0
    assert "Curated by Ada Lovelace" in target.read_text()
    refused = cli("res", "export", "--list", "GPU reading group", "-o", str(target))
    assert refused.status == 2 and "--force" in refused.err
    assert cli("res", "export", "--list", "GPU reading group", "-o", str(target), "--force").status == 0
    assert cli("res", "lists").out.strip() == "GPU reading group curated by Ada Lovelace: 4 resources (from gpus.md)"


def test_cli_res_import_refuses_files_that_are_not_lists(cli, tmp_path):
    png = tmp_path / "list.md"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    result = cli("res", "import", str(png))
    assert result.status == 1 and "PNG" in result.err and "nothing was imported" in result.err
    assert cli("res", "import", str(tmp_path / "missing.md")).status == 1
    assert json.loads(cli("res", "list", "--json").out) == []


def test_cli_import_summary_names_skipped_links_with_lines(cli, tmp_path):
    source = Path(tmp_path / "notes.md")
    source.write_text("# Notes\n\n## A\n\n- [x](https://a.org)\n- [toc](#a)\n- [rel](docs/b.md)\n"
                      "- [mail](mailto:a@b.c)\n")
    out = cli("res", "import", str(source)).out
    assert "1 added, 0 already there, 3 skipped" in out
    assert "skipped notes.md:6:" in out and "skipped notes.md:7:" in out and "skipped notes.md:8:" in out


# ----------------------------------------------------------------------------- round trip of odd links

ODD_LINKS = [  # (url as typed, title): parentheses, encoded spaces, brackets, underscores, markup in titles
    ("https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)", "Transformer (ML) ] *model*"),
    ("https://a.org/with%20space/and%20more", None),
    ("https://a.org/search?q=[1]&r=(2)", "back\\slash\\ and \\] and \\*"),
    ("https://a.org/under_score_*star*_", "_under_ *star* `tick` [x](y)"),
    ("https://a.org/a)b(c", "a ] b [ c"),
    ("https://a.org/docs/#section_(2)", None),
    ("https://a.org/p/a_b", "https://a.org/p/a_b"),
    ("https://a.org/x&amp;y", "x &amp; y <b>html</b>"),
    ("https://a.org/[draft]", "ends with \\"),
]


def test_odd_links_and_titles_survive_export_import_export_byte_for_byte(tmp_path, clock):
    first = open_database(tmp_path / "a.db", clock)
    for n, (url, title) in enumerate(ODD_LINKS):
        resources.add(first, NewResource(url=url, title=title, topic="Odd/Links" if n % 2 else "Odd",
                                         description=f"note {n}: *not* [markup]"), now=clock.now(), today=TODAY)
    exported = render_markdown_list(resources.export_doc(first, today=TODAY))
    stored = {(r.url, r.title) for r in resources.list_resources(first)}
    first.close()
    empty = open_database(tmp_path / "b.db", clock)
    summary = _import(empty, clock, exported, "odd.md")
    assert summary.added == len(ODD_LINKS) and summary.skipped == ()  # (our own contents are not reported)
    assert {(r.url, r.title) for r in resources.list_resources(empty)} == stored
    assert render_markdown_list(resources.export_doc(empty, today=TODAY)) == exported
    empty.close()


# ------------------------------------------------------------------------------- long lists, a page first

def _fill(home: Path, clock: FixedClock, resources_n: int = 0, books_n: int = 0) -> None:
    from studylog.domain.values import NewReading
    from studylog.services import reading

    conn = open_database(home / "studylog.db", clock)
    for n in range(1, resources_n + 1):
        resources.add(conn, NewResource(url=f"https://a.org/{n}", title=f"Res {n:02d}",
                                        topic="Deep" if n % 5 else "Other"), now=clock.now(), today=TODAY)
    for n in range(1, books_n + 1):
        reading.add(conn, NewReading(title=f"Book {n:02d}", status="finished" if n % 2 else "to-read",
                                     finished=date(2026 if n % 4 == 1 else 2025, 5, 1) if n % 2 else None),
                    now=clock.now(), today=TODAY)
    conn.close()


def _rows(out: str, word: str) -> int:
    return sum(1 for line in out.splitlines() if f"{word} " in line and "shown" not in line)


HINT = "{} of {} shown; use --limit N (0 for all) for more"


def test_res_list_shows_a_first_page_and_says_how_to_see_all(cli, home, clock):
    _fill(home, clock, resources_n=25)
    first = cli("res", "list")
    assert first.status == 0 and _rows(first.out, "Res") == 20
    assert first.out.rstrip("\n").splitlines()[-1] == HINT.format(20, 25)
    every = cli("res", "list", "--limit", "0")
    assert _rows(every.out, "Res") == 25 and "shown" not in every.out
    five = cli("res", "list", "--limit", "5", "--topic", "Deep")
    assert _rows(five.out, "Res") == 5 and five.out.rstrip("\n").splitlines()[-1] == HINT.format(5, 20)
    assert "shown" not in cli("res", "list", "--topic", "Deep").out  # 20 of 20: all of them
    assert len(json.loads(cli("res", "list", "--json").out)) == 20  # as `list --json`: the same page
    assert len(json.loads(cli("res", "list", "--json", "--limit", "0").out)) == 25
    for bad in ("-1", "abc", "10000001", "99999999999999999999999"):
        refused = cli("res", "list", "--limit", bad)
        assert refused.status == 2 and refused.err.count("\n") == 1 and "limit" in refused.err, (bad, refused.err)


def test_read_list_shows_a_first_page_unless_a_year_or_a_limit_is_given(cli, home, clock):
    _fill(home, clock, books_n=30)
    first = cli("read", "list")
    assert first.status == 0 and _rows(first.out, "Book") == 20
    assert first.out.rstrip("\n").splitlines()[-1] == HINT.format(20, 30)
    assert _rows(cli("read", "list", "--limit", "0").out, "Book") == 30
    assert cli("read", "list", "--status", "finished", "--limit", "3").out.rstrip("\n").splitlines()[-1] == \
        HINT.format(3, 15)
    in_2026 = cli("read", "list", "--year", "2026")  # a year, like `list --since`: every item of it
    assert _rows(in_2026.out, "Book") == 23 and "shown" not in in_2026.out  # 8 finished then, 15 added then
    assert len(json.loads(cli("read", "list", "--json").out)) == 20
    assert len(json.loads(cli("read", "list", "--json", "--limit", "0").out)) == 30


def test_a_topic_is_found_by_any_part_of_its_path_in_any_case(cli):
    cli("res", "add", "https://jalammar.github.io/illustrated-transformer", "--topic", "Deep Learning/Transformers")
    cli("res", "add", "https://horace.io/brrr_intro.html", "--topic", "Hardware/GPUs/CUDA")
    cli("res", "add", "https://linear.axler.net", "--topic", "Maths")
    def titles(topic):
        return sorted(r["url"] for r in json.loads(cli("res", "list", "--topic", topic, "--json").out))
    assert titles("transformers") == ["https://jalammar.github.io/illustrated-transformer"]
    assert titles("Deep Learning") == ["https://jalammar.github.io/illustrated-transformer"]
    assert titles("GPUs") == ["https://horace.io/brrr_intro.html"]
    assert titles("Trans") == []  # a part is a whole name, not a prefix of one


def test_a_filter_that_matches_nothing_says_so_rather_than_that_nothing_is_stored(cli):
    """Found by a newcomer: `res list --status new` with every resource done said "No resources here yet"."""
    assert cli("res", "add", "https://example.org/a", "--title", "A", "--topic", "Deep Learning").status == 0
    assert cli("res", "done", "1").status == 0
    out = cli("res", "list", "--topic", "Deep Learning", "--status", "new").out
    assert out.startswith("No resources match") and "yet" not in out
    assert cli("feeds", "--kind", "newsletter").out.startswith("No newsletter feeds (studylog feeds lists")
