"""The plain table quick commands print: aligned, cut with an ellipsis, wide characters counted as two."""

from studylog.cli.textable import cell_width, fit, render


def test_columns_line_up_with_wide_characters_and_numbers_on_the_right():
    out = render(("ID", "Title", "Words"), [("1", "日本語のノート", "1,200"), ("12", "plain", "7")], right=(True, False, True))
    lines = out.splitlines()
    assert lines[0] == "ID  Title           Words"
    assert lines[1] == " 1  日本語のノート  1,200"
    assert lines[2] == "12  plain               7"
    assert {cell_width(line) for line in lines} == {25}  # the wide title takes 14 columns, not 7


def test_long_text_is_cut_to_its_column_with_an_ellipsis():
    assert fit("a very long title indeed", 10) == "a very lo…"
    assert cell_width(fit("漢字漢字漢字", 7)) <= 7
    out = render(("T",), [("x" * 100,)], max_widths=(20,))
    assert out.splitlines()[1] == "x" * 19 + "…"


def test_newlines_and_markup_in_cells_stay_plain_text():
    out = render(("T",), [("[bold]two\nlines[/]",)])
    assert out.splitlines()[1] == "[bold]two lines[/]"
