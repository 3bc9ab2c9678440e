"""The app's "Import subscriptions: opml" sends a feed reader's OPML file to the feeds, not the Reading list."""

from __future__ import annotations

from test_tui import CLOCK, make_app, settle, table_text
from textual.widgets import DataTable

from studylog.db.opening import open_database
from studylog.services import feeds, reading

SUBSCRIPTIONS = ('<opml version="2.0"><body><outline text="Tech">'
                 '<outline type="rss" text="Distill" xmlUrl="https://distill.pub/rss.xml" htmlUrl="https://distill.pub/"/>'
                 '<outline type="rss" text="The Batch" xmlUrl="https://thebatch.substack.com/feed"/></outline>'
                 '<outline text="Podcasts"><outline type="rss" text="Talking Machines" '
                 'xmlUrl="https://example.org/tm/podcast.xml"/></outline></body></opml>')


async def test_an_opml_file_imported_in_the_app_becomes_feeds_and_stays_off_the_reading_screen(tmp_path):
    path = tmp_path / "subscriptions.opml"
    path.write_text(SUBSCRIPTIONS, encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
        before = table_text(app.screen.query_one(DataTable))
        notes: list[str] = []  # (each as it is shown: on a loaded machine the first had expired by the end)
        shown = app.notify

        def noted(message, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
            notes.append(str(message))
            return shown(message, *args, **kwargs)

        app.notify = noted  # type: ignore[method-assign]
        for _ in range(2):
            app.action_import_reading("opml")
            await pilot.pause()
            app.screen.query_one("#prompt-input").value = str(path)
            await pilot.press("enter")
            await settle(pilot)
        assert any("subscriptions.opml: 3 added, 0 already there, 0 skipped" in n for n in notes), notes
        assert any("subscriptions.opml: 0 added, 3 already there, 0 skipped" in n for n in notes), notes
        rows = table_text(app.screen.query_one(DataTable))
        assert rows == before
        assert not any(title in " ".join(rows) for title in ("Distill", "The Batch", "Talking Machines"))
    conn = open_database(tmp_path / "studylog.db", CLOCK)
    try:
        assert {(f.title, f.kind, f.tags) for f in feeds.list_feeds(conn)} == {
            ("Distill", "blog", ("tech",)), ("The Batch", "newsletter", ("tech",)),
            ("Talking Machines", "podcast", ("podcasts",))}
        assert reading.count(conn) == 3  # the seeded books only
    finally:
        conn.close()
