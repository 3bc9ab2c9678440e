"""GPX files read in one pass (issue 15): ``parse_gpx`` reads a file as a stream, and gives exactly what
gpxpy's reading (``parse_gpx_by_gpxpy``) gives, workout or refusal message, for every file; the files whose
namespaces gpxpy would see otherwise are left to gpxpy."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_big_gpx import _SAMPLE, DAMAGED_EXAMPLES, _documents, _values_changed
from test_io_gpx_tcx import _GPX, GPX11, T0, TPX_V1, _mutated, gpx, steady

from studylog.io import gpx as gpx_module
from studylog.io.common import FileRejected
from studylog.io.gpx import _names_alike, parse_gpx, parse_gpx_by_gpxpy

PLAIN = gpx(steady(0, 2000, 10, T0, 300), kind="running", name="Morning")


def _result(read, data: bytes) -> object:  # noqa: ANN001
    try:
        return read(data, "run.gpx")
    except FileRejected as exc:
        return str(exc)


def _namespaces() -> dict[str, str]:
    """Files whose namespaces gpxpy reads otherwise than the root's namespace says."""
    text = PLAIN.decode()
    return {
        "prefixed": text.replace("<", "<g:").replace("<g:/", "</g:").replace("<g:?xml", "<?xml").replace(
            f'xmlns="{GPX11}"', f'xmlns:g="{GPX11}"'),
        "prefix for the same namespace": text.replace(f'xmlns="{GPX11}"', f'xmlns="{GPX11}" xmlns:g="{GPX11}"')
        .replace("<trk>", "<g:trk>").replace("</trk>", "</g:trk>"),
        "a default namespace again inside": text.replace("<trk>", f'<trk xmlns="{GPX11}">'),
        "another default namespace inside": text.replace("<trk>", '<trk xmlns="urn:other">'),
        "a declaration in a comment first": text.replace("<gpx ", '<!-- xmlns="urn:x" --><gpx ', 1),
        "spaces around =": text.replace(f'xmlns="{GPX11}"', f'xmlns = "{GPX11}"'),
        "no namespace, one inside": text.replace(f' xmlns="{GPX11}"', "").replace("<trk>", f'<trk xmlns="{GPX11}">'),
        "single quotes": text.replace(f'xmlns="{GPX11}"', f"xmlns='{GPX11}'"),
        "Latin-1": text.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
        .replace("Morning", "Matin\u00e9e"),
        "with heart rates": text.replace("<gpx ", f'<gpx xmlns:gpxtpx="{TPX_V1}" ', 1),
    }


@pytest.mark.parametrize("name", sorted(_documents()) + sorted(_namespaces()))
def test_every_kind_of_gpx_gives_what_gpxpy_gives(name):
    data = _documents().get(name) or _namespaces()[name]
    if isinstance(data, str):
        data = data.encode("latin-1" if "Latin-1" in name else "utf-8")
    assert _result(parse_gpx, data) == _result(parse_gpx_by_gpxpy, data)


def test_a_plain_file_is_read_without_gpxpy_and_an_odd_one_by_gpxpy(monkeypatch):
    def no_gpxpy(*_args, **_kwargs):
        raise AssertionError("gpxpy read it")

    monkeypatch.setattr(gpx_module, "_read_with_gpxpy", no_gpxpy)
    assert parse_gpx(PLAIN, "run.gpx").items[0][1].workout.distance_m == pytest.approx(2000, rel=0.01)
    with pytest.raises(AssertionError, match="gpxpy read it"):
        parse_gpx(_namespaces()["prefixed"].encode(), "run.gpx")


_ALIKE = {
    "plain": (PLAIN, True),
    "no namespace": (PLAIN.replace(f' xmlns="{GPX11}"'.encode(), b""), True),
    "a prefix for it too": (PLAIN.replace(f'xmlns="{GPX11}"'.encode(), f'xmlns="{GPX11}" xmlns:g="{GPX11}"'.encode()),
                            False),
    "another default inside": (PLAIN.replace(b"<trk>", b'<trk xmlns="urn:other">'), False),
    "spaces around =": (PLAIN.replace(f'xmlns="{GPX11}"'.encode(), f'xmlns = "{GPX11}"'.encode()), False),
    "Latin-1": (PLAIN.replace(b'encoding="UTF-8"', b'encoding="latin-1"'), False),
    "UTF-16": (b"\xff\xfe" + PLAIN.decode().encode("utf-16-le"), False),
}


@pytest.mark.parametrize("name", sorted(_ALIKE))
def test_which_files_gpxpy_sees_as_the_stream_does(name):
    data, alike = _ALIKE[name]
    namespace = "" if name == "no namespace" else GPX11
    assert _names_alike(data, namespace) is alike


@settings(max_examples=DAMAGED_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(st.binary(max_size=300), _mutated(_GPX), _mutated(_SAMPLE), _values_changed(_SAMPLE),
                      _mutated(PLAIN)))
def test_a_damaged_gpx_gives_what_gpxpy_gives_refusal_and_all(data):
    assert _result(parse_gpx, data) == _result(parse_gpx_by_gpxpy, data)
