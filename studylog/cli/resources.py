"""res: learning resources by topic, and resource lists shared as Markdown."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studylog.cli import (
    EXIT_OK,
    EXIT_USAGE,
    Context,
    UserError,
    confirm,
    opt_text,
    path_arg,
    print_json,
    refuse_ambiguous,
)
from studylog.domain.values import RESOURCE_KINDS, RESOURCE_STATUSES

if TYPE_CHECKING:
    from studylog.domain.values import Resource

STATUS_VERBS = {"done": "done", "studying": "studying", "skip": "skipped", "new": "new"}
PAGE = 20  # resources `res list` shows unless --limit says otherwise
EDITABLE = ("title", "topic", "kind", "description", "note", "url")  # what `res edit` changes


def register(commands: argparse._SubParsersAction, name: str, sub: str | None) -> None:
    res = commands.add_parser("res", help="learning resources by topic, and shared resource lists",
                              description="Learning resources by topic; import and export resource lists.")
    actions = res.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a link: studylog res add URL --topic 'Deep Learning/Transformers'")
    add.add_argument("url")
    add.add_argument("--title")
    add.add_argument("--topic", help="a topic path, levels separated by /")
    add.add_argument("--kind", choices=RESOURCE_KINDS, help="default: guessed from the address")
    add.add_argument("--description")
    add.add_argument("--note")
    add.add_argument("--json", action="store_true")
    for verb in STATUS_VERBS:
        one = actions.add_parser(verb, help=f"mark resources {STATUS_VERBS[verb]}: ids or (parts of) titles")
        one.add_argument("refs", nargs="+", metavar="ID-or-title")
        one.add_argument("--json", action="store_true")
    edit = actions.add_parser("edit", help="change a resource's title, topic, kind, description, note or link")
    edit.add_argument("ref", metavar="ID-or-title")
    edit.add_argument("--title", help="a new title ('' takes it away: the link names it)")
    edit.add_argument("--topic", help="a topic path, levels separated by / ('' for none)")
    edit.add_argument("--kind", choices=RESOURCE_KINDS)
    edit.add_argument("--description")
    edit.add_argument("--note")
    edit.add_argument("--url", help="a new link")
    edit.add_argument("--json", action="store_true")
    delete = actions.add_parser("delete", help="delete a resource (asks first)")
    delete.add_argument("ref", metavar="ID-or-title")
    delete.add_argument("--yes", action="store_true", help="do not ask")
    opener = actions.add_parser("open", help="open a resource's link in the web browser")
    opener.add_argument("ref", metavar="ID-or-title")
    lst = actions.add_parser("list", help="resources, by topic")
    lst.add_argument("--topic", help="a topic and its subtopics")
    lst.add_argument("--status", choices=RESOURCE_STATUSES)
    lst.add_argument("--limit", help=f"at most N resources (default {PAGE}; 0 for all)")
    lst.add_argument("--json", action="store_true")
    actions.add_parser("topics", help="the topic tree with counts (total, done)")
    actions.add_parser("lists", help="the resource lists imported so far")
    imp = actions.add_parser("import", help="import a Markdown list of links (awesome-lists, course notes...)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--list", dest="list_name", help="the list's name (default: the file's title)")
    imp.add_argument("--curator", help="who made the list")
    imp.add_argument("--progress", action="store_true",
                     help="take the statuses a progress export gives, also for resources you have (yours "
                          "are overwritten); without it they are taken only for a list new to you")
    imp.add_argument("--json", action="store_true", help="print the summary as JSON")
    from studylog.cli.files import add_max_size

    add_max_size(imp, "markdown")
    exp = actions.add_parser("export", help="write resources as a Markdown list to share")
    exp.add_argument("--list", dest="lists", action="append", default=[], help="a list by name (repeatable)")
    exp.add_argument("--topic", dest="topics", action="append", default=[], help="a topic (repeatable)")
    exp.add_argument("--with-progress", action="store_true",
                     help="write each item's status ([x] done, studying, skipped), kind and days added and done")
    exp.add_argument("-o", "--output", type=path_arg, help="write to this file instead of the screen")
    exp.add_argument("--force", action="store_true", help="overwrite an existing output file")


def run(ctx: Context, args: argparse.Namespace) -> int:
    if args.action in STATUS_VERBS:
        return cmd_status(ctx, args)
    return {"add": cmd_add, "list": cmd_list, "topics": cmd_topics, "lists": cmd_lists, "import": cmd_import,
            "export": cmd_export, "edit": cmd_edit, "delete": cmd_delete, "open": cmd_open}[args.action](ctx, args)


def describe(r: Resource) -> str:
    """A resource in one line (its text cleaned: nothing in it reaches the terminal as an escape)."""
    from studylog.text import clean

    topic = f" in {r.topic}" if r.topic else ""
    title = f'"{r.title}" ' if r.title else ""
    return clean(f"resource #{r.id}: {title}<{r.url}>{topic} · {r.kind} · {r.status}", multiline=False) or ""


def _shown(exc: Exception) -> str:
    from studylog.text import clean

    return clean(str(exc.args[0]) if exc.args else str(exc), multiline=False) or "error"


def _find(ctx: Context, ref: str) -> Resource:
    """The resource ``ref`` names (UserError when none; Ambiguous is the caller's)."""
    from studylog.api import resources
    from studylog.domain.errors import NotFound

    try:
        return resources.find(ctx, ref)
    except NotFound as exc:
        raise UserError(_shown(exc)) from None


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records
    from studylog.domain.values import NewResource
    from studylog.io.urls import NotAWebLink

    new = NewResource(url=args.url, title=opt_text(args.title), topic=opt_text(args.topic),
                      kind=args.kind, description=opt_text(args.description),
                      note=opt_text(args.note))
    try:
        resource, created = records.add_resource(ctx, new)
    except NotAWebLink as exc:
        raise UserError(f"{exc}: give a link such as https://arxiv.org/abs/1706.03762", EXIT_USAGE) from None
    if args.json:
        print_json(resource)
    elif created:
        print(f"Stored {describe(resource)}")
    else:
        print(f"Already there: {describe(resource)}")
    return EXIT_OK


def cmd_status(ctx: Context, args: argparse.Namespace) -> int:
    """Every name is found first: one that finds nothing, or several resources, changes nothing."""
    from studylog.api import resources
    from studylog.domain.errors import Ambiguous, NotFound

    status = STATUS_VERBS[args.action]
    nothing = "; nothing was changed" if len(args.refs) > 1 else ""
    try:
        found = resources.find_all(ctx, args.refs)
    except Ambiguous as exc:
        refuse_ambiguous(exc, describe)
    except NotFound as exc:
        raise UserError(f"{_shown(exc)}{nothing}") from None
    marked = []
    for resource in found:
        try:
            marked.append(resources.set_status(ctx, resource, status))
        except LookupError as exc:  # (deleted elsewhere meanwhile)
            raise UserError(_shown(exc)) from None
        if not args.json:
            print(f"Marked {describe(marked[-1])}")
    if args.json:
        print_json(marked)
    return EXIT_OK


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records
    from studylog.domain.errors import Ambiguous

    changes: dict[str, Any] = {name: opt_text(getattr(args, name)) for name in EDITABLE
                               if getattr(args, name) is not None}
    if not changes:
        raise UserError("nothing to change: give at least one of --title, --topic, --kind, --description, "
                        "--note, --url", EXIT_USAGE)
    if "url" in changes and changes["url"] is None:
        raise UserError("a resource needs a link: give --url https://...", EXIT_USAGE)
    try:
        before = _find(ctx, args.ref)
        after = records.update(ctx, before, changes)
    except Ambiguous as exc:
        refuse_ambiguous(exc, describe)
    except LookupError as exc:  # (deleted elsewhere meanwhile)
        raise UserError(_shown(exc)) from None
    except ValueError as exc:  # not a web link; a link another resource has
        raise UserError(_shown(exc), EXIT_USAGE) from None
    if args.json:
        print_json(after)
        return EXIT_OK
    changed = [name for name in EDITABLE if getattr(before, name) != getattr(after, name)]
    print(f"Updated {describe(after)}" + (f" (changed: {', '.join(changed)})" if changed else " (nothing changed)"))
    return EXIT_OK


def cmd_delete(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import records
    from studylog.domain.errors import Ambiguous

    try:
        resource = _find(ctx, args.ref)
    except Ambiguous as exc:
        refuse_ambiguous(exc, describe)
    shown = describe(resource)
    if not args.yes and not confirm(f"Delete {shown}?"):
        print("Nothing deleted.")
        return EXIT_OK
    try:
        records.delete(ctx, resource)
    except LookupError as exc:  # (deleted elsewhere while the question was asked)
        raise UserError(_shown(exc)) from None
    print(f"Deleted {shown}")
    return EXIT_OK


def cmd_open(ctx: Context, args: argparse.Namespace) -> int:
    """The link in the web browser: http and https only, and only a link that is one clean line."""
    from urllib.parse import urlsplit

    from studylog.domain.errors import Ambiguous
    from studylog.text import clean

    try:
        resource = _find(ctx, args.ref)
    except Ambiguous as exc:
        refuse_ambiguous(exc, describe)
    url = resource.url
    shown = clean(url, multiline=False) or ""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        scheme = ""
    if scheme not in ("http", "https") or shown != url or " " in url:
        raise UserError(f"resource #{resource.id}'s link is not a web link, so it was not opened: {shown}")
    import webbrowser

    try:
        opened = webbrowser.open(url)
    except webbrowser.Error:
        opened = False
    if not opened:  # (said after trying: "Opening" and then "no browser" read as a contradiction)
        raise UserError(f"no web browser found to open {shown}; copy the link instead")
    print(f"Opened {shown}")
    return EXIT_OK


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    """A first page (PAGE resources) unless --limit is given; --json follows the same limit."""
    from studylog.api import resources
    from studylog.cli import list_limit, print_more

    limit = list_limit(args.limit, PAGE)
    total = None
    found = resources.resources(ctx, topic=args.topic, status=args.status, limit=None if limit is None else limit + 1)
    if limit is not None and len(found) > limit:  # cut: say of how many
        found = found[:limit]
        total = resources.count(ctx, topic=args.topic, status=args.status)
    if args.json:
        print_json(found)
        return EXIT_OK
    from studylog.cli import render

    render.resources_table(found, filtered=args.topic is not None or args.status is not None)
    print_more(len(found), total)
    return EXIT_OK


def cmd_topics(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources
    from studylog.cli import render

    render.topic_tree(resources.topic_counts(ctx))
    return EXIT_OK


def cmd_lists(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources

    found = resources.lists(ctx)
    if not found:
        print("No resource lists yet. Import one: studylog res import list.md --curator 'Your mentor'")
    for info in found:
        curator = f" curated by {info.curator}" if info.curator else ""
        print(f"{info.name}{curator}: {info.size:,} resource{'s' if info.size != 1 else ''} (from {info.origin or 'studylog'})")
    return EXIT_OK


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api.imports import read_resource_list, store_resource_list
    from studylog.cli.files import (
        BIG_BATCH,
        BIG_FILE,
        file_size,
        print_summary,
        progress_bar,
        progress_status,
        refused_whole,
    )
    from studylog.io.common import shown_path

    shown = shown_path(args.file.name)
    with refused_whole(), progress_status(f"Reading {shown}", big=file_size(args.file) >= BIG_FILE):
        parsed = read_resource_list(args.file, max_size=args.max_size)
    name = opt_text(args.list_name) or parsed.title or args.file.stem
    with progress_bar(f"Storing {shown}", len(parsed.entries), big=len(parsed.entries) >= BIG_BATCH) as tick:
        summary = store_resource_list(ctx, parsed, file=shown, name=name, curator=opt_text(args.curator),
                                      progress=tick, take_progress=args.progress)
    print_summary(summary, f"list '{shown_path(name)}'", args.json)
    return EXIT_OK


def cmd_export(ctx: Context, args: argparse.Namespace) -> int:
    from studylog.api import resources
    from studylog.domain.errors import UnknownList

    try:
        markdown, doc = resources.export_markdown(ctx, list_names=args.lists, topics=args.topics,
                                                  with_progress=args.with_progress)
    except UnknownList as exc:
        raise UserError(str(exc.args[0])) from None
    if not any(section.items for section in doc.sections):
        raise UserError("nothing to export: no resources match")
    if args.output is None:
        sys.stdout.write(markdown)
        return EXIT_OK
    from studylog.cli.files import output_file, write_atomically

    target = output_file(args.output, f"{doc.title}.md", force=args.force, locations=ctx.locations)
    write_atomically(target, markdown)
    count = resources.items_in(doc)
    topics = len({s.topic for s in doc.sections})
    from studylog.io.common import shown_path

    print(f"Wrote {count:,} resource{'s' if count != 1 else ''} in {topics} topic{'s' if topics != 1 else ''} to "
          f"{shown_path(target)}")
    return EXIT_OK


